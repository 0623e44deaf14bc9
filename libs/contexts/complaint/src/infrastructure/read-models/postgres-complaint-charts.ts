import { Inject, Injectable } from '@nestjs/common';
import type pg from 'pg';
import { PG_POOL } from '@iys/platform/nest';
import type { ComplaintCharts, ComplaintCounts, ComplaintMonth } from '../../application/complaint-charts.port.js';

/** The chart counts and monthly statistics over complaint.complaints: grouped scans of the scope, one statement each. */
@Injectable()
export class PostgresComplaintCharts implements ComplaintCharts {
  constructor(@Inject(PG_POOL) private readonly pool: pg.Pool) {}

  async counts(province: number | null, since: Date, until: Date): Promise<ComplaintCounts> {
    const scope = '($1::smallint IS NULL OR province = $1)';
    const [byStatus, byProvince, byWeek, byOutcome] = await Promise.all([
      this.pool.query<{ status: string; complaints: number }>(
        `SELECT status, count(*)::int AS complaints FROM complaint.complaints WHERE ${scope} GROUP BY status ORDER BY status`,
        [province],
      ),
      this.pool.query<{ province: number; complaints: number }>(
        `SELECT province, count(*)::int AS complaints FROM complaint.complaints WHERE ${scope} GROUP BY province ORDER BY complaints DESC, province`,
        [province],
      ),
      this.pool.query<{ week_start: string; filed: number; decided: number }>(
        `WITH weeks AS (
           SELECT generate_series(date_trunc('week', $2::timestamptz AT TIME ZONE 'Europe/Istanbul'),
                                  date_trunc('week', $3::timestamptz AT TIME ZONE 'Europe/Istanbul'), interval '1 week') AS week)
         SELECT to_char(w.week, 'YYYY-MM-DD') AS week_start,
                (SELECT count(*)::int FROM complaint.complaints
                  WHERE ${scope} AND filed_at AT TIME ZONE 'Europe/Istanbul' >= w.week AND filed_at AT TIME ZONE 'Europe/Istanbul' < w.week + interval '1 week') AS filed,
                (SELECT count(*)::int FROM complaint.complaints
                  WHERE ${scope} AND decided_at AT TIME ZONE 'Europe/Istanbul' >= w.week AND decided_at AT TIME ZONE 'Europe/Istanbul' < w.week + interval '1 week') AS decided
           FROM weeks w ORDER BY w.week`,
        [province, since, until],
      ),
      this.pool.query<{ outcome: string; complaints: number }>(
        `SELECT outcome, count(*)::int AS complaints FROM complaint.complaints WHERE ${scope} AND outcome IS NOT NULL GROUP BY outcome ORDER BY outcome`,
        [province],
      ),
    ]);
    return {
      byStatus: byStatus.rows,
      byProvince: byProvince.rows,
      byWeek: byWeek.rows.map((row) => ({ weekStart: row.week_start, filed: row.filed, decided: row.decided })),
      byOutcome: byOutcome.rows,
    };
  }

  async monthly(province: number | null): Promise<ComplaintMonth[]> {
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
    return rows.map((row) => ({
      month: row.month,
      iysCode: row.iys_code,
      brandCode: row.brand_code,
      complaints: row.complaints,
      decided: row.decided,
      justified: row.justified,
      medianDays: row.median_days === null ? null : Number(row.median_days),
    }));
  }

  async checks(): Promise<{ total: number; followed: number }> {
    const { rows } = await this.pool.query<{ total: number; followed: number }>('SELECT count(*)::int AS total, count(complaint_id)::int AS followed FROM complaint.checks');
    return rows[0];
  }
}
