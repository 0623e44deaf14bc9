import type { Principal } from '@iys/platform/building-blocks';
import type { DecisionOutcome } from '../../../domain/complaint.events.js';

export class DecideComplaintCommand {
  constructor(
    readonly principal: Principal,
    readonly complaintId: string,
    readonly decision: { outcome: DecisionOutcome; fineAmount?: number; legalBasis?: string; justification: string; mergedInto?: string },
  ) {}
}
