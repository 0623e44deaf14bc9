import { Inject, Injectable } from '@nestjs/common';
import type pg from 'pg';
import { istanbulDay, type Clock } from '@iys/platform/building-blocks';
import { CLOCK, PG_POOL } from '@iys/platform/nest';
import type { ConsentType } from '../../domain/consent.events.js';
import type { CheckedDelivery } from './delivery-checker.js';

/**
 * What the gate keeps of its answers (docs/adr/0033): a counter per operator, brand, day, decision
 * and reason, and one row per DENY (opaque recipient id only) for a configurable period. ALLOWs are
 * only counted: one row per allowed message would be most of the country's commercial traffic.
 */
@Injectable()
export class GateRecords {
  constructor(
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** One statement: the counters of the call and its DENY rows. */
  async record(operatorCode: number, types: readonly ConsentType[], results: readonly CheckedDelivery[]): Promise<void> {
    if (results.length === 0) return;
    const now = this.clock.now();
    const counts = new Map<string, { brandCode: number; iysCode: number; decision: string; reason: string; count: number }>();
    const denials: number[] = [];
    results.forEach((result, i) => {
      const brandCode = result.brandCode ?? 0;
      const key = `${brandCode}|${result.decision}|${result.reason}`;
      const counter = counts.get(key);
      if (counter) counter.count += 1;
      else counts.set(key, { brandCode, iysCode: result.iysCode ?? 0, decision: result.decision, reason: result.reason, count: 1 });
      if (result.decision === 'DENY') denials.push(i);
    });
    // Sorted, so two concurrent calls lock the same counter rows in the same order (no deadlock).
    const counters = [...counts.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, c]) => c);
    await this.pool.query(
      `WITH counted AS (
         INSERT INTO consent.gate_counters AS g (operator_code, day, brand_code, iys_code, decision, reason, count)
         SELECT $1, $2::date, brand_code, iys_code, decision, reason, n
           FROM unnest($3::int[], $4::int[], $5::text[], $6::text[], $7::bigint[]) AS c(brand_code, iys_code, decision, reason, n)
         ON CONFLICT (operator_code, day, brand_code, decision, reason) DO UPDATE SET count = g.count + EXCLUDED.count
       )
       INSERT INTO consent.gate_denials (operator_code, checked_at, delivery_at, iys_code, brand_code, type, recipient_id, reason)
       SELECT $1, $8, delivery_at, iys_code, brand_code, type, recipient_id, reason
         FROM unnest($9::timestamptz[], $10::int[], $11::int[], $12::text[], $13::uuid[], $14::text[])
           AS d(delivery_at, iys_code, brand_code, type, recipient_id, reason)`,
      [
        operatorCode,
        istanbulDay(now),
        counters.map((c) => c.brandCode),
        counters.map((c) => c.iysCode),
        counters.map((c) => c.decision),
        counters.map((c) => c.reason),
        counters.map((c) => c.count),
        now,
        denials.map((i) => results[i]!.at),
        denials.map((i) => results[i]!.iysCode),
        denials.map((i) => results[i]!.brandCode),
        denials.map((i) => types[i]!),
        denials.map((i) => results[i]!.recipientId),
        denials.map((i) => results[i]!.reason),
      ],
    );
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
