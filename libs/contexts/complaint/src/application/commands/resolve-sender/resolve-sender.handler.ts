import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { MASKED, PiiVault } from '@iys/platform/pii';
import { complaintError } from '../../../domain/complaint.errors.js';
import type { ComplaintFiled } from '../../../domain/complaint.events.js';
import { actorOf, ComplaintAccess } from '../../complaint-access.js';
import { ConsentEvidenceTaker } from '../../consent-evidence.js';
import { SenderDirectory } from '../../sender-directory.js';
import { ResolveSenderCommand } from './resolve-sender.command.js';

/**
 * Assigns the brand (and so the provider) to a complaint, then takes the consent evidence as of the
 * message time for it and assesses it, as filing does for a sender that resolves at once.
 */
@CommandHandler(ResolveSenderCommand)
export class ResolveSenderHandler implements ICommandHandler<ResolveSenderCommand, { complaintId: string; iysCode: number; brandCode: number; assessment: string }> {
  constructor(
    @Inject(ComplaintAccess) private readonly access: ComplaintAccess,
    @Inject(SenderDirectory) private readonly senders: SenderDirectory,
    @Inject(ConsentEvidenceTaker) private readonly evidence: ConsentEvidenceTaker,
    @Inject(PiiVault) private readonly vault: PiiVault,
  ) {}

  async execute({ principal, complaintId, brandCode }: ResolveSenderCommand) {
    const row = await this.access.forAuthority(principal, complaintId);
    const brand = await this.senders.brand(brandCode);
    if (!brand) throw complaintError('H789', ['brandCode']);
    const metadata = actorOf(principal);
    await this.access.write(row.complaint_id, { type: 'ResolveSender', iysCode: brand.iysCode, brandCode, by: 'authority', byUserId: principal.userId, now: this.access.now() }, metadata);
    const filed = (await this.access.events(row.complaint_id)).find((e): e is ComplaintFiled => e.type === 'complaint.ComplaintFiled')!.data;
    const recipient = await this.vault.decrypt(filed.address as never);
    if (recipient === MASKED) throw complaintError('H778', ['status']);
    const taken = await this.evidence.take({
      recipient,
      brandCode,
      channel: filed.channel,
      recipientType: filed.recipientType,
      messageAt: filed.messageAt,
      declaredTransactional: filed.declaredTransactional,
      senderId: filed.senderId,
    });
    await this.access.write(row.complaint_id, { type: 'RecordEvidence', brandCode, ...taken, now: this.access.now() }, metadata);
    return { complaintId: row.complaint_id, iysCode: brand.iysCode, brandCode, assessment: taken.assessment.hint };
  }
}
