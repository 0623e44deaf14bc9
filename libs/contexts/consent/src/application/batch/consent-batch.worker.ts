import { Inject, Injectable } from '@nestjs/common';
import type pg from 'pg';
import type { Clock, DomainError } from '@iys/platform/building-blocks';
import { isDatabaseUnavailable, type SqlExecutor } from '@iys/platform/database';
import { CLOCK, NotifiedBackgroundWorker, PG_POOL } from '@iys/platform/nest';
import { ConsentRegistrar, type PreparedConsent, type RegistrationContext, type RegistrationOutcome } from '../consent-registrar.js';
import { RetailerAccessKeeper, type AccessChange } from '../retailer-access.js';
import { consentStreamId } from '../../domain/consent.decider.js';

export const BATCH_CHANNEL = 'iys_consent_batches';

/** Bounds of one append of several C3 requests: requests, and their items together. */
const MAX_REQUESTS_TOGETHER = 8;
const MAX_ITEMS_TOGETHER = 5000;

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
    const lock = await this.pool.connect();
    const keys = requests.map((r) => `consent-batch:${r.request_id}`);
    try {
      const { rows } = await lock.query<{ key: string; locked: boolean }>(
        `SELECT key, pg_try_advisory_lock(hashtextextended(key, 0)) AS locked FROM unnest($1::text[]) WITH ORDINALITY AS k(key, n) ORDER BY n`,
        [keys],
      );
      const free = requests.filter((_, i) => rows[i].locked);
      try {
        if (free.length === 0) return 0;
        return await this.processTogether(free);
      } catch (error) {
        if (isDatabaseUnavailable(error)) throw error;
        let done = 0;
        for (const request of free) if (await this.processLocked(request)) done += 1;
        return done;
      } finally {
        await lock.query(`SELECT pg_advisory_unlock(hashtextextended(key, 0)) FROM unnest($1::text[]) AS key`, [rows.filter((r) => r.locked).map((r) => r.key)]);
      }
    } finally {
      lock.release();
    }
  }

  private async processTogether(requests: PendingRequest[]): Promise<number> {
    const { rows } = await this.pool.query<{ request_id: string; index: number | null; command: PreparedConsent | null }>(
      `SELECT r.request_id, i.index, i.command FROM consent.batch_requests r
         LEFT JOIN consent.batch_items i ON i.request_id = r.request_id AND i.status = 'enqueue'
        WHERE r.request_id = ANY($1::uuid[]) AND r.completed_at IS NULL
        ORDER BY r.received_at, r.request_id, i.index`,
      [requests.map((r) => r.request_id)],
    );
    const open = new Map<string, { index: number; command: PreparedConsent }[]>();
    for (const row of rows) {
      const items = open.get(row.request_id) ?? [];
      if (row.index !== null && row.command) items.push({ index: row.index, command: row.command });
      open.set(row.request_id, items);
    }
    // Requests in the order received, up to the first that shares a stream with an earlier one or overflows the bound.
    const streams = new Set<string>();
    const chosen: { request: PendingRequest; items: { index: number; command: PreparedConsent }[] }[] = [];
    let itemCount = 0;
    for (const request of requests) {
      const items = open.get(request.request_id);
      if (!items) continue; // finished by another instance meanwhile
      const ids = items.map(({ command }) => consentStreamId(command.recipientId, request.brand_code, command.type, command.recipientType));
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
    tx: SqlExecutor,
    chosen: { request: PendingRequest; items: { index: number }[] }[],
    outcomes: RegistrationOutcome[][],
  ): Promise<void> {
    const rows = chosen.flatMap(({ request, items }, r) => items.map((item, i) => ({ requestId: request.request_id, index: item.index, outcome: outcomes[r][i] })));
    await this.writeItemOutcomes(tx, rows);
    const { rowCount } = await tx.query('UPDATE consent.batch_requests SET completed_at = $2 WHERE request_id = ANY($1::uuid[]) AND completed_at IS NULL', [
      chosen.map(({ request }) => request.request_id),
      this.clock.now(),
    ]);
    // Completed elsewhere meanwhile: this transaction (and its events) must not commit.
    if (rowCount !== chosen.length) throw new Error('a batch request was completed by another worker');
  }

  private contextOf(request: PendingRequest, items: { index: number }[]): RegistrationContext {
    return {
      iysCode: request.iys_code,
      brandCode: request.brand_code,
      origin: 'HS' as const,
      actorKind: request.actor.actorKind,
      actorId: request.actor.actorId,
      channel: 'api-batch',
      commandIds: items.map((item) => `batch:${request.request_id}:${item.index}`),
      decidedAt: request.received_at,
    };
  }

  private async writeItemOutcomes(tx: SqlExecutor, rows: { requestId: string; index: number; outcome: RegistrationOutcome }[]): Promise<void> {
    if (rows.length === 0) return;
    await tx.query(
      `UPDATE consent.batch_items i SET status = n.status, transaction_id = n.transaction_id, creation_date = n.creation_date, error = n.error
         FROM unnest($1::uuid[], $2::int[], $3::text[], $4::uuid[], $5::timestamptz[], $6::jsonb[]) AS n(request_id, index, status, transaction_id, creation_date, error)
        WHERE i.request_id = n.request_id AND i.index = n.index`,
      [
        rows.map((r) => r.requestId),
        rows.map((r) => r.index),
        rows.map((r) => (r.outcome.ok ? 'success' : 'failure')),
        rows.map((r) => (r.outcome.ok ? r.outcome.transactionId : null)),
        rows.map((r) => (r.outcome.ok ? r.outcome.creationDate : null)),
        rows.map((r) => (r.outcome.ok ? null : JSON.stringify({ code: r.outcome.error.code, message: r.outcome.error.message }))),
      ],
    );
  }

  private async processIfFree(request: PendingRequest): Promise<boolean> {
    const lock = await this.pool.connect();
    try {
      const { rows } = await lock.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked`, [`consent-batch:${request.request_id}`]);
      if (!rows[0].locked) return false;
      try {
        return await this.processLocked(request);
      } finally {
        await lock.query(`SELECT pg_advisory_unlock(hashtextextended($1, 0))`, [`consent-batch:${request.request_id}`]);
      }
    } finally {
      lock.release();
    }
  }

  /** One request, its lock held; false when it failed (logged, retried later). */
  private async processLocked(request: PendingRequest): Promise<boolean> {
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
      const context = this.contextOf(request, items);
      const applying: Promise<RegistrationOutcome[]> =
        request.kind === 'retailer-access' ? this.access.apply(items.map((item) => item.command), context) : this.registrar.apply(items.map((item) => item.command), context);
      const outcomes = await applying.catch(async (error: unknown) => {
        // The brand was deactivated (or never ours) since the request was accepted: every item fails.
        const code = (error as { code?: string }).code;
        if (code !== 'H195') throw error;
        return items.map(() => ({ ok: false as const, error: error as DomainError }));
      });
      await this.writeItemOutcomes(this.pool, items.map((item, i) => ({ requestId: request.request_id, index: item.index, outcome: outcomes[i] })));
    }
    await this.pool.query('UPDATE consent.batch_requests SET completed_at = $2 WHERE request_id = $1', [request.request_id, this.clock.now()]);
  }
}
