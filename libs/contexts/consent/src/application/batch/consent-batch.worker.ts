import { Inject, Injectable } from '@nestjs/common';
import type pg from 'pg';
import type { Clock } from '@iys/platform/building-blocks';
import { isDatabaseUnavailable } from '@iys/platform/database';
import { CLOCK, NotifiedBackgroundWorker, PG_POOL } from '@iys/platform/nest';
import { ConsentRegistrar, type PreparedConsent, type RegistrationContext, type RegistrationOutcome } from '../consent-registrar.js';
import { RetailerAccessKeeper, type AccessChange } from '../retailer-access.js';

export const BATCH_CHANNEL = 'iys_consent_batches';

interface PendingRequest {
  request_id: string;
  kind: 'consent' | 'retailer-access';
  received_at: Date;
  iys_code: number;
  brand_code: number;
  actor: { actorKind: RegistrationContext['actorKind']; actorId: string };
}

/**
 * Applies accepted batches (C3, and the retailer-access requests RA2/RA4/RA5) in the order received. Each item carries the command id
 * `batch:<requestId>:<index>`, so an item written before a crash is recognised on the rerun and
 * keeps its first outcome: nothing is lost and nothing applied twice. One instance works on a
 * request at a time (advisory lock); others skip it.
 */
@Injectable()
export class ConsentBatchWorker extends NotifiedBackgroundWorker {
  constructor(
    @Inject(PG_POOL) private readonly pool: pg.Pool,
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
      const { rows } = await this.pool.query<PendingRequest>(
        `SELECT request_id, kind, iys_code, brand_code, actor, received_at FROM consent.batch_requests WHERE completed_at IS NULL ORDER BY received_at LIMIT 20`,
      );
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
    const lock = await this.pool.connect();
    try {
      const { rows } = await lock.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked`, [`consent-batch:${request.request_id}`]);
      if (!rows[0].locked) return false;
      try {
        await this.process(request);
        return true;
      } catch (error) {
        // A lost database is the loop's to wait out (it backs off), not this request's failure.
        if (isDatabaseUnavailable(error)) throw error;
        // One request that cannot be applied now must not hold up the ones behind it.
        const { name, code } = error as { name?: string; code?: string };
        this.logger.error({ requestId: request.request_id, err: { name, code } }, 'batch request failed; it will be retried');
        return false;
      } finally {
        await lock.query(`SELECT pg_advisory_unlock(hashtextextended($1, 0))`, [`consent-batch:${request.request_id}`]);
      }
    } finally {
      lock.release();
    }
  }

  private async process(request: PendingRequest): Promise<void> {
    // Another instance may have finished it between our listing and our lock.
    const open = await this.pool.query('SELECT 1 FROM consent.batch_requests WHERE request_id = $1 AND completed_at IS NULL', [request.request_id]);
    if (open.rowCount === 0) return;
    const { rows: items } = await this.pool.query<{ index: number; command: PreparedConsent & AccessChange }>(
      `SELECT index, command FROM consent.batch_items WHERE request_id = $1 AND status = 'enqueue' ORDER BY index`,
      [request.request_id],
    );
    if (items.length > 0) {
      const context = {
        iysCode: request.iys_code,
        brandCode: request.brand_code,
        origin: 'HS' as const,
        actorKind: request.actor.actorKind,
        actorId: request.actor.actorId,
        channel: 'api-batch',
        commandIds: items.map((item) => `batch:${request.request_id}:${item.index}`),
        decidedAt: request.received_at,
      };
      const applying: Promise<RegistrationOutcome[]> =
        request.kind === 'retailer-access' ? this.access.apply(items.map((item) => item.command), context) : this.registrar.apply(items.map((item) => item.command), context);
      const outcomes = await applying.catch(async (error: unknown) => {
        // The brand was deactivated (or never ours) since the request was accepted: every item fails.
        const code = (error as { code?: string }).code;
        if (code !== 'H195') throw error;
        return items.map(() => ({ ok: false as const, error: error as { code: string; message: string } }));
      });
      await this.pool.query(
        `UPDATE consent.batch_items i SET status = n.status, transaction_id = n.transaction_id, creation_date = n.creation_date, error = n.error
           FROM unnest($2::int[], $3::text[], $4::uuid[], $5::timestamptz[], $6::jsonb[]) AS n(index, status, transaction_id, creation_date, error)
          WHERE i.request_id = $1 AND i.index = n.index`,
        [
          request.request_id,
          items.map((item) => item.index),
          outcomes.map((o) => (o.ok ? 'success' : 'failure')),
          outcomes.map((o) => (o.ok ? o.transactionId : null)),
          outcomes.map((o) => (o.ok ? o.creationDate : null)),
          outcomes.map((o) => (o.ok ? null : JSON.stringify({ code: o.error.code, message: o.error.message }))),
        ],
      );
    }
    await this.pool.query('UPDATE consent.batch_requests SET completed_at = $2 WHERE request_id = $1', [request.request_id, this.clock.now()]);
  }
}
