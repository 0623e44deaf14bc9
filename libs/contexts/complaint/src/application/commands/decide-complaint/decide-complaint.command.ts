import { Command } from '@nestjs/cqrs';
import type { Principal } from '@iys/platform/building-blocks';
import type { DecisionOutcome } from '../../../domain/complaint.events.js';

export class DecideComplaintCommand extends Command<{ complaintId: string; status: string; outcome: string }> {
  constructor(
    readonly principal: Principal,
    readonly complaintId: string,
    readonly decision: { outcome: DecisionOutcome; fineAmount?: number; legalBasis?: string; justification: string; mergedInto?: string },
  ) {
    super();
  }
}
