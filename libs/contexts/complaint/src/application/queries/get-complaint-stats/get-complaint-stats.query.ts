import { Query } from '@nestjs/cqrs';
import type { ComplaintStats } from './get-complaint-stats.handler.js';
import type { Principal } from '@iys/platform/building-blocks';

/** Complaint statistics within the caller's scope (everything for the CLI). */
export class GetComplaintStatsQuery extends Query<ComplaintStats> {
  constructor(readonly principal: Principal | undefined) {
    super();
  }
}
