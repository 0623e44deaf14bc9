import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Clock } from '@iys/platform/building-blocks';
import { CLOCK } from '@iys/platform/nest';
import { ComplaintAccess } from '../../complaint-access.js';
import { COMPLAINT_CHARTS, type ComplaintCharts as ChartsPort, type ComplaintCounts } from '../../complaint-charts.port.js';
import { GetComplaintChartsQuery } from './get-complaint-charts.query.js';

export interface ComplaintCharts extends ComplaintCounts {
  /** The caller's scope: a province (plate code) or null for the whole ministry. */
  province: number | null;
  total: number;
}

const WEEK_MS = 7 * 24 * 3600_000;
/** The weekly series covers at most two years. */
const MAX_WEEKS = 104;

/**
 * The chart counts within the caller's scope (H783 for an authority user without one, as the queue).
 * The scope is a filter the caller cannot widen.
 */
@QueryHandler(GetComplaintChartsQuery)
export class GetComplaintChartsHandler implements IQueryHandler<GetComplaintChartsQuery, ComplaintCharts> {
  constructor(
    @Inject(ComplaintAccess) private readonly access: ComplaintAccess,
    @Inject(COMPLAINT_CHARTS) private readonly charts: ChartsPort,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ principal, weeks }: GetComplaintChartsQuery): Promise<ComplaintCharts> {
    const province = await this.access.scopeOf(principal);
    const now = this.clock.now();
    const span = Math.max(1, Math.min(MAX_WEEKS, Math.trunc(weeks)));
    const counts = await this.charts.counts(province, new Date(now.getTime() - (span - 1) * WEEK_MS), now);
    return { province, total: counts.byStatus.reduce((sum, row) => sum + row.complaints, 0), ...counts };
  }
}
