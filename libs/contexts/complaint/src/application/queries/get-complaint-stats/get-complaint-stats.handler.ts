import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type pg from 'pg';
import { csvRecord } from '@iys/platform/building-blocks';
import { PG_POOL } from '@iys/platform/nest';
import { ComplaintAccess } from '../../complaint-access.js';
import { GetComplaintStatsQuery } from './get-complaint-stats.query.js';

export interface ComplaintStatsRow {
  /** `YYYY-MM`, Europe/Istanbul, by filing time. */
  month: string;
  iysCode: number | null;
  brandCode: number | null;
  complaints: number;
  decided: number;
  justified: number;
  /** justified / decided, 0–1, 4 decimals; null when none decided. */
  justifiedShare: number | null;
  /** Median days from filing to decision; null when none decided. */
  medianDaysToDecision: number | null;
}

export interface ComplaintStats {
  rows: ComplaintStatsRow[];
  checks: { total: number; followedByComplaint: number; deflectionRate: number | null };
}

/**
 * Complaints per provider, brand and month; the justified share and median days to a decision; and
 * the check step's deflection rate (checks not followed by a complaint). Unresolved senders count
 * under a null provider and brand.
 */
@QueryHandler(GetComplaintStatsQuery)
export class GetComplaintStatsHandler implements IQueryHandler<GetComplaintStatsQuery, ComplaintStats> {
  constructor(
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(ComplaintAccess) private readonly access: ComplaintAccess,
  ) {}

  async execute({ principal }: GetComplaintStatsQuery): Promise<ComplaintStats> {
    const province = principal ? await this.access.scopeOf(principal) : null;
    const { rows } = await this.pool.query<{
      month: string;
      iys_code: number | null;
      brand_code: number | null;
      complaints: number;
      decided: number;
      justified: number;
      median_days: number | null;
    }>(
      `SELECT to_char(filed_at AT TIME ZONE 'Europe/Istanbul', 'YYYY-MM') AS month, iys_code, brand_code,
              count(*)::int AS complaints,
              count(*) FILTER (WHERE outcome IS NOT NULL)::int AS decided,
              count(*) FILTER (WHERE outcome = 'JUSTIFIED')::int AS justified,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM decided_at - filed_at) / 86400)
                FILTER (WHERE decided_at IS NOT NULL) AS median_days
         FROM complaint.complaints
        WHERE ($1::smallint IS NULL OR province = $1)
        GROUP BY 1, 2, 3 ORDER BY 1, 2 NULLS LAST, 3 NULLS LAST`,
      [province],
    );
    // Checks belong to no province: only a ministry-wide view counts them.
    const checks = await this.pool.query<{ total: number; followed: number }>(
      'SELECT count(*)::int AS total, count(complaint_id)::int AS followed FROM complaint.checks',
    );
    const total = province === null ? checks.rows[0].total : 0;
    const followed = province === null ? checks.rows[0].followed : 0;
    return {
      rows: rows.map((row) => ({
        month: row.month,
        iysCode: row.iys_code,
        brandCode: row.brand_code,
        complaints: row.complaints,
        decided: row.decided,
        justified: row.justified,
        justifiedShare: row.decided > 0 ? Math.round((row.justified / row.decided) * 10_000) / 10_000 : null,
        medianDaysToDecision: row.median_days === null ? null : Math.round(Number(row.median_days) * 100) / 100,
      })),
      checks: { total, followedByComplaint: followed, deflectionRate: total > 0 ? Math.round(((total - followed) / total) * 10_000) / 10_000 : null },
    };
  }
}

/** The statistics as CSV (one line per month, provider and brand). */
export function complaintStatsCsv(stats: ComplaintStats): string {
  const header = csvRecord(['month', 'iysCode', 'brandCode', 'complaints', 'decided', 'justified', 'justifiedShare', 'medianDaysToDecision']);
  const lines = stats.rows.map((r) => csvRecord([r.month, r.iysCode, r.brandCode, r.complaints, r.decided, r.justified, r.justifiedShare, r.medianDaysToDecision]));
  return [header, ...lines].join('');
}
