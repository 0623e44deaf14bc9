import { Inject, Injectable } from '@nestjs/common';
import type { Clock } from '@iys/platform/building-blocks';
import { CLOCK, NotifiedBackgroundWorker, PG_POOL, type WorkerPool } from '@iys/platform/nest';
import { ConsentRegistrar, type PreparedConsent, type RegistrationContext, type RegistrationOutcome } from '../consent-registrar.js';
import { RetailerAccessKeeper, type AccessChange } from '../retailer-access.js';
import { BATCH_QUEUE, type BatchQueue, type PendingRequest } from './batch-queue.port.js';

export const BATCH_CHANNEL = 'iys_consent_batches';

/**
 * Applies accepted batches (C3, and the retailer-access requests RA2/RA4/RA5) in the order received. Each item carries the command id
 * `batch:<requestId>:<index>`, so an item written before a crash is recognised on the rerun and
 * keeps its first outcome: nothing is lost and nothing applied twice. One instance works on a
 * request at a time (advisory lock); others skip it.
 */
@Injectable()
export class ConsentBatchWorker extends NotifiedBackgroundWorker {
  constructor(
    // The LISTEN connection's pool, for the worker loop only; the queue goes through the port.
    @Inject(PG_POOL) pool: WorkerPool,
    @Inject(BATCH_QUEUE) private readonly queue: BatchQueue,
    @Inject(ConsentRegistrar) private readonly registrar: ConsentRegistrar,
    @Inject(RetailerAccessKeeper) private readonly access: RetailerAccessKeeper,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject('CONSENT_BATCH_WORKER_ENABLED') enabled: boolean,
  ) {
    super(pool, enabled, { channel: BATCH_CHANNEL, name: 'consent-batches', failure: 'batch processing failed; it will be retried' });
  }

  /** Processes pending requests until none is left. Returns how many it completed. */
  async drain(): Promise<number> {
    let completed = 0;
    for (;;) {
      const rows = await this.queue.pending(20);
      if (rows.length === 0 || this.stopped) return completed;
      let progressed = false;
      for (const request of rows) {
        if (await this.processIfFree(request)) {
          completed += 1;
          progressed = true;
        }
      }
      if (!progressed) return completed;
    }
  }

  private async processIfFree(request: PendingRequest): Promise<boolean> {
    const done = await this.queue.withRequestLock(request.requestId, async () => {
      try {
        await this.process(request);
        return true;
      } catch (error) {
        // A lost database is the loop's to wait out (it backs off), not this request's failure.
        if (this.isDatabaseUnavailable(error)) throw error;
        // One request that cannot be applied now must not hold up the ones behind it.
        const { name, code } = error as { name?: string; code?: string };
        this.logger.error({ requestId: request.requestId, err: { name, code } }, 'batch request failed; it will be retried');
        return false;
      }
    });
    return done === true;
  }

  private async process(request: PendingRequest): Promise<void> {
    // Another instance may have finished it between our listing and our lock.
    if (!(await this.queue.isOpen(request.requestId))) return;
    const items = (await this.queue.queuedItems(request.requestId)) as { index: number; command: PreparedConsent & AccessChange }[];
    if (items.length > 0) {
      const context = {
        iysCode: request.iysCode,
        brandCode: request.brandCode,
        origin: 'HS' as const,
        actorKind: request.actor.actorKind as RegistrationContext['actorKind'],
        actorId: request.actor.actorId,
        channel: 'api-batch',
        commandIds: items.map((item) => `batch:${request.requestId}:${item.index}`),
        decidedAt: request.receivedAt,
      };
      const applying: Promise<RegistrationOutcome[]> =
        request.kind === 'retailer-access' ? this.access.apply(items.map((item) => item.command), context) : this.registrar.apply(items.map((item) => item.command), context);
      const outcomes = await applying.catch(async (error: unknown) => {
        // The brand was deactivated (or never ours) since the request was accepted: every item fails.
        const code = (error as { code?: string }).code;
        if (code !== 'H195') throw error;
        return items.map(() => ({ ok: false as const, error: error as { code: string; message: string } }));
      });
      await this.queue.recordOutcomes(
        request.requestId,
        outcomes.map((o, i) => (o.ok ? { index: items[i].index, ok: true, transactionId: o.transactionId, creationDate: o.creationDate } : { index: items[i].index, ok: false, error: o.error })),
      );
    }
    await this.queue.complete(request.requestId, this.clock.now());
  }
}
