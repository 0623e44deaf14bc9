import { Inject, Injectable } from '@nestjs/common';
import type { Clock, DomainError } from '@iys/platform/building-blocks';
import { CLOCK, NotifiedBackgroundWorker, PG_POOL, type WorkerPool } from '@iys/platform/nest';
import { ConsentRegistrar, type AppendTransaction, type PreparedConsent, type RegistrationContext, type RegistrationOutcome } from '../consent-registrar.js';
import { RetailerAccessKeeper, type AccessChange } from '../retailer-access.js';
import { consentStreamId } from '../../domain/consent.decider.js';
import { BATCH_QUEUE, type BatchQueue, type ItemOutcome, type PendingRequest } from './batch-queue.port.js';

export const BATCH_CHANNEL = 'iys_consent_batches';

/**
 * Bounds of one append of several C3 requests: requests, and their items together. Every item of a
 * group is recorded when the append starts and listed by C6 only after the group commits, so the
 * item bound is a floor under the change feed's lag: 5 000 items made it seconds under an ingest,
 * 2 000 (two full requests) measured no slower ingest (docs/benchmarks.md, docs/adr/0062).
 */
const MAX_REQUESTS_TOGETHER = 8;
const MAX_ITEMS_TOGETHER = 2000;

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
      for (let i = 0; i < rows.length; ) {
        // Consent requests (C3) go through the grouped path, consecutive ones together, a bounded number at a time.
        let end = i + 1;
        while (end < rows.length && end - i < MAX_REQUESTS_TOGETHER && rows[i].kind === 'consent' && rows[end].kind === 'consent') end += 1;
        const done = rows[i].kind === 'consent' ? await this.processTogetherIfFree(rows.slice(i, end)) : (await this.processIfFree(rows[i])) ? 1 : 0;
        completed += done;
        progressed ||= done > 0;
        i = end;
      }
      if (!progressed) return completed;
    }
  }

  /**
   * Several C3 requests in one append (ADR 0059): their items' outcomes and the requests' completion
   * are written in the append's transaction, so each request is applied entirely or not at all and
   * its id is its idempotency key; no idempotency row per item. A request touching a stream an
   * earlier one of the group touches waits for the next round; a group that fails is retried one
   * request at a time, so one request that cannot be applied holds up no other.
   */
  private async processTogetherIfFree(requests: PendingRequest[]): Promise<number> {
    return this.queue.withRequestLocks(
      requests.map((r) => r.requestId),
      async (locked) => {
        const free = requests.filter((r) => locked.includes(r.requestId));
        try {
          if (free.length === 0) return 0;
          return await this.processTogether(free);
        } catch (error) {
          if (this.isDatabaseUnavailable(error)) throw error;
          let done = 0;
          for (const request of free) if (await this.processLocked(request)) done += 1;
          return done;
        }
      },
    );
  }

  private async processTogether(requests: PendingRequest[]): Promise<number> {
    const open = (await this.queue.queuedItemsOfOpen(requests.map((r) => r.requestId))) as Map<string, { index: number; command: PreparedConsent }[]>;
    // Requests in the order received, up to the first that shares a stream with an earlier one or overflows the bound.
    const streams = new Set<string>();
    const chosen: { request: PendingRequest; items: { index: number; command: PreparedConsent }[] }[] = [];
    let itemCount = 0;
    for (const request of requests) {
      const items = open.get(request.requestId);
      if (!items) continue; // finished by another instance meanwhile
      const ids = items.map(({ command }) => consentStreamId(command.recipientId, request.brandCode, command.type, command.recipientType));
      if (chosen.length > 0 && (itemCount + items.length > MAX_ITEMS_TOGETHER || ids.some((id) => streams.has(id)))) break;
      for (const id of ids) streams.add(id);
      itemCount += items.length;
      chosen.push({ request, items });
    }
    if (chosen.length === 0) return 0;
    await this.registrar.applyTogether(
      chosen.map(({ request, items }) => ({ items: items.map((item) => item.command), context: this.contextOf(request, items) })),
      { withinAppend: (tx, outcomes) => this.recordOutcomes(tx, chosen, outcomes) },
    );
    return chosen.length;
  }

  /** Every item's outcome and every request's completion, in the caller's transaction. */
  private async recordOutcomes(
    tx: AppendTransaction,
    chosen: { request: PendingRequest; items: { index: number }[] }[],
    outcomes: RegistrationOutcome[][],
  ): Promise<void> {
    await this.queue.recordOutcomes(
      chosen.flatMap(({ request, items }, r) => items.map((item, i) => itemOutcome(request.requestId, item.index, outcomes[r][i]))),
      tx,
    );
    const completed = await this.queue.completeOpen(
      chosen.map(({ request }) => request.requestId),
      this.clock.now(),
      tx,
    );
    // Completed elsewhere meanwhile: this transaction (and its events) must not commit.
    if (completed !== chosen.length) throw new Error('a batch request was completed by another worker');
  }

  private contextOf(request: PendingRequest, items: { index: number }[]): RegistrationContext {
    return {
      iysCode: request.iysCode,
      brandCode: request.brandCode,
      origin: 'HS' as const,
      actorKind: request.actor.actorKind as RegistrationContext['actorKind'],
      actorId: request.actor.actorId,
      channel: 'api-batch',
      commandIds: items.map((item) => `batch:${request.requestId}:${item.index}`),
      decidedAt: request.receivedAt,
    };
  }

  private async processIfFree(request: PendingRequest): Promise<boolean> {
    return (await this.queue.withRequestLock(request.requestId, () => this.processLocked(request))) === true;
  }

  /** One request, its lock held; false when it failed (logged, retried later). */
  private async processLocked(request: PendingRequest): Promise<boolean> {
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
  }

  private async process(request: PendingRequest): Promise<void> {
    // Another instance may have finished it between our listing and our lock.
    if (!(await this.queue.isOpen(request.requestId))) return;
    const items = (await this.queue.queuedItems(request.requestId)) as { index: number; command: PreparedConsent & AccessChange }[];
    if (items.length > 0) {
      const context = this.contextOf(request, items);
      const applying: Promise<RegistrationOutcome[]> =
        request.kind === 'retailer-access' ? this.access.apply(items.map((item) => item.command), context) : this.registrar.apply(items.map((item) => item.command), context);
      const outcomes = await applying.catch(async (error: unknown) => {
        // The brand was deactivated (or never ours) since the request was accepted: every item fails.
        const code = (error as { code?: string }).code;
        if (code !== 'H195') throw error;
        return items.map(() => ({ ok: false as const, error: error as DomainError }));
      });
      await this.queue.recordOutcomes(items.map((item, i) => itemOutcome(request.requestId, item.index, outcomes[i])));
    }
    await this.queue.complete(request.requestId, this.clock.now());
  }
}

function itemOutcome(requestId: string, index: number, outcome: RegistrationOutcome): ItemOutcome {
  return outcome.ok
    ? { requestId, index, ok: true, transactionId: outcome.transactionId, creationDate: outcome.creationDate }
    : { requestId, index, ok: false, error: outcome.error };
}
