import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type pg from 'pg';
import { istanbulDay, type Clock } from '@iys/platform/building-blocks';
import type { SqlExecutor } from '@iys/platform/database';
import { CLOCK, PG_POOL, PROCESS_GROUP, ProcessGroup } from '@iys/platform/nest';
import type { ConsentType } from '../../domain/consent.events.js';
import type { CheckedDelivery } from './delivery-checker.js';

/** Asks every API process of the machine to write its buffered gate records now (docs/adr/0058). */
const FLUSH_EVENT = 'consent.gate-records.flush';

/** How often the buffered counters and DENY rows are written (docs/adr/0041). */
export const GATE_RECORDS_FLUSH_MS = 1000;

interface CounterRow {
  operatorCode: number;
  day: string;
  brandCode: number;
  iysCode: number;
  decision: string;
  reason: string;
  count: number;
}

interface DenialRow {
  operatorCode: number;
  checkedAt: Date;
  deliveryAt: Date;
  iysCode: number | null;
  brandCode: number | null;
  type: ConsentType;
  recipientId: string | null;
  reason: string;
}

/** Adds one call's answers to `counts` (keyed by operator, day, brand, decision and reason). */
function countInto(counts: Map<string, CounterRow>, operatorCode: number, day: string, results: readonly CheckedDelivery[]): void {
  for (const result of results) {
    const brandCode = result.brandCode ?? 0;
    const key = `${operatorCode}|${day}|${brandCode}|${result.decision}|${result.reason}`;
    const counter = counts.get(key);
    if (counter) counter.count += 1;
    else counts.set(key, { operatorCode, day, brandCode, iysCode: result.iysCode ?? 0, decision: result.decision, reason: result.reason, count: 1 });
  }
}

/**
 * Upserts counters and inserts DENY rows in one statement. Counters sorted by key, so two concurrent
 * writers lock the same rows in the same order (no deadlock).
 */
async function writeRecords(executor: SqlExecutor, counts: Map<string, CounterRow>, denials: readonly DenialRow[]): Promise<void> {
  if (counts.size === 0 && denials.length === 0) return;
  const counters = [...counts.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, c]) => c);
  await executor.query(
    `WITH counted AS (
       INSERT INTO consent.gate_counters AS g (operator_code, day, brand_code, iys_code, decision, reason, count)
       SELECT operator_code, day, brand_code, iys_code, decision, reason, n
         FROM unnest($1::int[], $2::date[], $3::int[], $4::int[], $5::text[], $6::text[], $7::bigint[]) AS c(operator_code, day, brand_code, iys_code, decision, reason, n)
       ON CONFLICT (operator_code, day, brand_code, decision, reason) DO UPDATE SET count = g.count + EXCLUDED.count
     )
     INSERT INTO consent.gate_denials (operator_code, checked_at, delivery_at, iys_code, brand_code, type, recipient_id, reason)
     SELECT * FROM unnest($8::int[], $9::timestamptz[], $10::timestamptz[], $11::int[], $12::int[], $13::text[], $14::uuid[], $15::text[])
         AS d(operator_code, checked_at, delivery_at, iys_code, brand_code, type, recipient_id, reason)
      -- A recipient erased between the check and the flush leaves no row behind.
      WHERE d.recipient_id IS NULL OR EXISTS (SELECT 1 FROM pii.recipient_registry r WHERE r.recipient_id = d.recipient_id)`,
    [
      counters.map((c) => c.operatorCode),
      counters.map((c) => c.day),
      counters.map((c) => c.brandCode),
      counters.map((c) => c.iysCode),
      counters.map((c) => c.decision),
      counters.map((c) => c.reason),
      counters.map((c) => c.count),
      denials.map((d) => d.operatorCode),
      denials.map((d) => d.checkedAt),
      denials.map((d) => d.deliveryAt),
      denials.map((d) => d.iysCode),
      denials.map((d) => d.brandCode),
      denials.map((d) => d.type),
      denials.map((d) => d.recipientId),
      denials.map((d) => d.reason),
    ],
  );
}

/**
 * What the gate keeps of its answers (docs/adr/0033): a counter per operator, brand, day, decision
 * and reason, and one row per DENY (opaque recipient id only) for a configurable period. ALLOWs are
 * only counted: one row per allowed message would be most of the country's commercial traffic.
 *
 * Live checks are buffered in memory and written in one statement at most every second and on
 * shutdown (docs/adr/0041): the check answers without a write of its own. A crash loses at most the
 * last second's counts and DENY rows, never an answer. Scrub jobs count exactly once, in the
 * transaction that stores a chunk's result (`countChunk`).
 */
@Injectable()
export class GateRecords implements OnApplicationShutdown {
  private readonly logger = new Logger('operator-gate');
  private counts = new Map<string, CounterRow>();
  private denials: DenialRow[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(PROCESS_GROUP) private readonly group: ProcessGroup = new ProcessGroup(),
  ) {
    // Another API process of the machine reads counters: this one's buffer goes first (docs/adr/0058).
    group.on(FLUSH_EVENT, () => this.flush());
  }

  /** Buffers one call's counters and DENY rows; written by the next flush. */
  record(operatorCode: number, types: readonly ConsentType[], results: readonly CheckedDelivery[]): void {
    if (results.length === 0) return;
    const now = this.clock.now();
    countInto(this.counts, operatorCode, istanbulDay(now), results);
    results.forEach((result, i) => {
      if (result.decision !== 'DENY') return;
      this.denials.push({ operatorCode, checkedAt: now, deliveryAt: result.at, iysCode: result.iysCode, brandCode: result.brandCode, type: types[i]!, recipientId: result.recipientId, reason: result.reason });
    });
    this.timer ??= setInterval(() => void this.flush().catch(() => undefined), GATE_RECORDS_FLUSH_MS).unref();
  }

  /**
   * Writes what is buffered, one statement. On failure (database away) the rows go back into the
   * buffer for the next flush. Flushes run one at a time.
   */
  flush(): Promise<void> {
    const run = this.flushing.then(async () => {
      if (this.counts.size === 0 && this.denials.length === 0) return;
      const [counts, denials] = [this.counts, this.denials];
      this.counts = new Map();
      this.denials = [];
      try {
        await writeRecords(this.pool, counts, denials);
      } catch (error) {
        for (const [key, row] of counts) {
          const kept = this.counts.get(key);
          if (kept) kept.count += row.count;
          else this.counts.set(key, row);
        }
        this.denials = denials.concat(this.denials);
        const { name, code } = error as { name?: string; code?: string };
        this.logger.warn({ err: { name, code }, denials: this.denials.length }, 'gate records not written; kept for the next flush');
        throw error;
      }
    });
    this.flushing = run.catch(() => undefined);
    return run;
  }

  /** The last flush, after the HTTP server has stopped taking checks. */
  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.flush().catch(() => undefined);
  }

  /** A scrub chunk's counters, in the caller's transaction (the one that stores the chunk's result). */
  async countChunk(executor: SqlExecutor, operatorCode: number, results: readonly CheckedDelivery[]): Promise<void> {
    const counts = new Map<string, CounterRow>();
    countInto(counts, operatorCode, istanbulDay(this.clock.now()), results);
    await writeRecords(executor, counts, []);
  }

  /** Drops DENY rows older than the retention period; returns how many went. */
  async pruneDenials(retentionDays: number): Promise<number> {
    const cutoff = new Date(this.clock.now().getTime() - retentionDays * 86_400_000);
    const { rowCount } = await this.pool.query('DELETE FROM consent.gate_denials WHERE checked_at < $1', [cutoff]);
    return rowCount ?? 0;
  }

  /**
   * Drops scrub jobs past their retention with their sealed chunks, and chunks staged for a job whose
   * submission never completed (older than a day, so never a submission in progress).
   */
  async pruneScrubJobs(): Promise<number> {
    const now = this.clock.now();
    const { rowCount } = await this.pool.query(
      `WITH expired AS (DELETE FROM consent.scrub_jobs WHERE expires_at < $1 RETURNING job_id)
       DELETE FROM consent.scrub_job_chunks c
        WHERE c.job_id IN (SELECT job_id FROM expired)
           OR (c.staged_at < $2 AND NOT EXISTS (SELECT 1 FROM consent.scrub_jobs j WHERE j.job_id = c.job_id))`,
      [now, new Date(now.getTime() - 86_400_000)],
    );
    return rowCount ?? 0;
  }

  /** A day's counters of one operator or one brand (both when given). */
  async counters(day: string, filter: { operatorCode?: number; brandCode?: number }): Promise<GateCounter[]> {
    // This process's last second included, and every other API process's of the machine (ADR 0058).
    await Promise.all([this.flush(), this.group.broadcast({ kind: FLUSH_EVENT })]);
    const { rows } = await this.pool.query<{ operator_code: number; brand_code: number; decision: string; reason: string; count: string }>(
      `SELECT operator_code, brand_code, decision, reason, count FROM consent.gate_counters
        WHERE day = $1::date AND ($2::int IS NULL OR operator_code = $2) AND ($3::int IS NULL OR brand_code = $3)
        ORDER BY operator_code, brand_code, decision, reason`,
      [day, filter.operatorCode ?? null, filter.brandCode ?? null],
    );
    return rows.map((row) => ({ operatorCode: row.operator_code, brandCode: row.brand_code === 0 ? null : row.brand_code, decision: row.decision, reason: row.reason, count: Number(row.count) }));
  }
}

export interface GateCounter {
  operatorCode: number;
  brandCode: number | null;
  decision: string;
  reason: string;
  count: number;
}
