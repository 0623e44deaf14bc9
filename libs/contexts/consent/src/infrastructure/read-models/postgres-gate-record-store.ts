import { Inject, Injectable } from '@nestjs/common';
import type pg from 'pg';
import type { SqlExecutor } from '@iys/platform/database';
import { PG_POOL } from '@iys/platform/nest';
import type { GateCounter, GateCounterRow, GateDenialRow, GateRecordStore } from '../../application/gate/gate-record-store.port.js';

const keyOf = (c: GateCounterRow) => `${c.operatorCode}|${c.day}|${c.brandCode}|${c.decision}|${c.reason}`;

/**
 * Upserts counters and inserts DENY rows in one statement, on `executor` (a pool, or the transaction
 * that stores a scrub chunk's result). Counters sorted by key, so two concurrent writers lock the same
 * rows in the same order (no deadlock).
 */
export async function writeGateRecords(executor: SqlExecutor, counts: readonly GateCounterRow[], denials: readonly GateDenialRow[]): Promise<void> {
  if (counts.length === 0 && denials.length === 0) return;
  const counters = [...counts].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
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

/** The GateRecordStore port over consent.gate_counters, gate_denials and the scrub job tables. */
@Injectable()
export class PostgresGateRecordStore implements GateRecordStore {
  constructor(@Inject(PG_POOL) private readonly pool: pg.Pool) {}

  write(counters: readonly GateCounterRow[], denials: readonly GateDenialRow[]): Promise<void> {
    return writeGateRecords(this.pool, counters, denials);
  }

  async pruneDenials(before: Date): Promise<number> {
    const { rowCount } = await this.pool.query('DELETE FROM consent.gate_denials WHERE checked_at < $1', [before]);
    return rowCount ?? 0;
  }

  async pruneScrubJobs(now: Date, stagedBefore: Date): Promise<number> {
    const { rowCount } = await this.pool.query(
      `WITH expired AS (DELETE FROM consent.scrub_jobs WHERE expires_at < $1 RETURNING job_id)
       DELETE FROM consent.scrub_job_chunks c
        WHERE c.job_id IN (SELECT job_id FROM expired)
           OR (c.staged_at < $2 AND NOT EXISTS (SELECT 1 FROM consent.scrub_jobs j WHERE j.job_id = c.job_id))`,
      [now, stagedBefore],
    );
    return rowCount ?? 0;
  }

  async counters(day: string, filter: { operatorCode?: number; brandCode?: number }): Promise<GateCounter[]> {
    const { rows } = await this.pool.query<{ operator_code: number; brand_code: number; decision: string; reason: string; count: string }>(
      `SELECT operator_code, brand_code, decision, reason, count FROM consent.gate_counters
        WHERE day = $1::date AND ($2::int IS NULL OR operator_code = $2) AND ($3::int IS NULL OR brand_code = $3)
        ORDER BY operator_code, brand_code, decision, reason`,
      [day, filter.operatorCode ?? null, filter.brandCode ?? null],
    );
    return rows.map((row) => ({ operatorCode: row.operator_code, brandCode: row.brand_code === 0 ? null : row.brand_code, decision: row.decision, reason: row.reason, count: Number(row.count) }));
  }
}
