import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { PiiVault } from '@iys/platform/pii';
import { complaintError } from '../../../domain/complaint.errors.js';
import { actorOf, ComplaintAccess } from '../../complaint-access.js';
import { DecideComplaintCommand } from './decide-complaint.command.js';

/** The authority's decision; the complainant is notified in the same transaction (complaint.notices). */
@CommandHandler(DecideComplaintCommand)
export class DecideComplaintHandler implements ICommandHandler<DecideComplaintCommand, { complaintId: string; status: string; outcome: string }> {
  constructor(
    @Inject(ComplaintAccess) private readonly access: ComplaintAccess,
    @Inject(PiiVault) private readonly vault: PiiVault,
  ) {}

  async execute({ principal, complaintId, decision }: DecideComplaintCommand) {
    const row = await this.access.forAuthority(principal, complaintId);
    let mergedInto: string | null = null;
    if (decision.mergedInto !== undefined) {
      // Merged into a complaint the same authority user can see.
      mergedInto = (await this.access.forAuthority(principal, decision.mergedInto).catch(() => {
        throw complaintError('H782', ['mergedInto']);
      })).complaint_id;
    }
    await this.access.write(
      row.complaint_id,
      {
        type: 'DecideComplaint',
        outcome: decision.outcome,
        fineAmount: decision.fineAmount ?? null,
        legalBasis: decision.legalBasis ?? null,
        justification: await this.vault.encrypt(row.complaint_id, decision.justification),
        mergedInto,
        byUserId: principal.userId,
        now: this.access.now(),
      },
      actorOf(principal),
    );
    return { complaintId: row.complaint_id, status: 'DECIDED', outcome: decision.outcome };
  }
}
