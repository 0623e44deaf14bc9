import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { PiiVault } from '@iys/platform/pii';
import { actorOf, ComplaintAccess } from '../../complaint-access.js';
import { SubmitDefenseCommand } from './submit-defense.command.js';

/** Records the provider's defense; after the deadline it is refused (H781). Sealed: it speaks of the complainant. */
@CommandHandler(SubmitDefenseCommand)
export class SubmitDefenseHandler implements ICommandHandler<SubmitDefenseCommand, { complaintId: string; status: string }> {
  constructor(
    @Inject(ComplaintAccess) private readonly access: ComplaintAccess,
    @Inject(PiiVault) private readonly vault: PiiVault,
  ) {}

  async execute({ principal, iysCode, complaintId, text }: SubmitDefenseCommand) {
    const row = await this.access.forProvider(iysCode, complaintId);
    const sealed = await this.vault.encrypt(row.complaint_id, text);
    await this.access.write(row.complaint_id, { type: 'SubmitDefense', iysCode, text: sealed, byUserId: principal.userId, now: this.access.now() }, actorOf(principal));
    return { complaintId: row.complaint_id, status: 'DEFENSE_SUBMITTED' };
  }
}
