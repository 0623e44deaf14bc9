import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { actorOf, ComplaintAccess } from '../../complaint-access.js';
import { CloseComplaintCommand } from './close-complaint.command.js';

/** Closes a decided complaint within the authority user's scope (H774 outside it, H778 before a decision or twice). */
@CommandHandler(CloseComplaintCommand)
export class CloseComplaintHandler implements ICommandHandler<CloseComplaintCommand, { complaintId: string; status: 'CLOSED' }> {
  constructor(@Inject(ComplaintAccess) private readonly access: ComplaintAccess) {}

  async execute({ principal, complaintId }: CloseComplaintCommand) {
    const row = await this.access.forAuthority(principal, complaintId);
    await this.access.write(row.complaint_id, { type: 'CloseComplaint', byUserId: principal.userId, now: this.access.now() }, actorOf(principal));
    return { complaintId: row.complaint_id, status: 'CLOSED' as const };
  }
}
