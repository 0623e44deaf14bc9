import { Command } from '@nestjs/cqrs';
import type { Principal } from '@iys/platform/building-blocks';

/** The authority closes a decided complaint: the file is complete, nothing changes it any more. */
export class CloseComplaintCommand extends Command<{ complaintId: string; status: 'CLOSED' }> {
  constructor(
    readonly principal: Principal,
    readonly complaintId: string,
  ) {
    super();
  }
}
