import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ComplaintAccess } from '../../complaint-access.js';
import { WithdrawComplaintCommand } from './withdraw-complaint.command.js';

/** The complainant withdraws a complaint not yet decided (H778 after a decision). */
@CommandHandler(WithdrawComplaintCommand)
export class WithdrawComplaintHandler implements ICommandHandler<WithdrawComplaintCommand, { complaintId: string; status: string }> {
  constructor(@Inject(ComplaintAccess) private readonly access: ComplaintAccess) {}

  async execute({ principal, complaintId }: WithdrawComplaintCommand): Promise<{ complaintId: string; status: string }> {
    const row = await this.access.forRecipient(principal.accountId, complaintId);
    await this.access.write(
      row.complaint_id,
      { type: 'WithdrawComplaint', accountId: principal.accountId, now: this.access.now() },
      { actorKind: principal.agentId ? 'call-centre-agent' : 'recipient', actorId: principal.agentId ?? principal.accountId, channel: principal.agentId ? 'call-centre' : 'web' },
    );
    return { complaintId: row.complaint_id, status: 'WITHDRAWN' };
  }
}
