import type { Principal } from '@iys/platform/building-blocks';

/** Complaint statistics within the caller's scope (everything for the CLI). */
export class GetComplaintStatsQuery {
  constructor(readonly principal: Principal | undefined) {}
}
