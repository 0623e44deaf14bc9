import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { csvRecord } from '@iys/platform/building-blocks';
import { COMPLAINT_CHARTS, type ComplaintCharts, type ComplaintMonth } from '../../complaint-charts.port.js';
import { ComplaintAccess } from '../../complaint-access.js';
import { GetComplaintStatsQuery } from './get-complaint-stats.query.js';

export interface ComplaintStatsRow extends Omit<ComplaintMonth, 'medianDays'> {
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
    @Inject(COMPLAINT_CHARTS) private readonly charts: ComplaintCharts,
    @Inject(ComplaintAccess) private readonly access: ComplaintAccess,
  ) {}

  async execute({ principal }: GetComplaintStatsQuery): Promise<ComplaintStats> {
    const province = principal ? await this.access.scopeOf(principal) : null;
    const rows = await this.charts.monthly(province);
    // Checks belong to no province: only a ministry-wide view counts them.
    const { total, followed } = province === null ? await this.charts.checks() : { total: 0, followed: 0 };
    return {
      rows: rows.map(({ medianDays, ...row }) => ({
        ...row,
        justifiedShare: row.decided > 0 ? Math.round((row.justified / row.decided) * 10_000) / 10_000 : null,
        medianDaysToDecision: medianDays === null ? null : Math.round(medianDays * 100) / 100,
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
