import { Query } from '@nestjs/cqrs';
import type { Principal } from '@iys/platform/building-blocks';
import type { ComplaintCharts } from './get-complaint-charts.handler.js';

/**
 * Complaint counts for the authority console's charts, within the caller's scope (a provincial
 * directorate sees its province only): by status, by province, by outcome, and filed/decided per
 * week over the last `weeks` weeks (Europe/Istanbul, Monday first).
 */
export class GetComplaintChartsQuery extends Query<ComplaintCharts> {
  constructor(
    readonly principal: Principal,
    readonly weeks = 12,
  ) {
    super();
  }
}
