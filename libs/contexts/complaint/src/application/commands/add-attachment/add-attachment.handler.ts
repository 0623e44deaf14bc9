import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { actorOf, ComplaintAccess } from '../../complaint-access.js';
import { AttachmentVault, type StoredAttachment } from '../../attachment-vault.js';
import { AddAttachmentCommand } from './add-attachment.command.js';

/**
 * Stages the file sealed, then records it on the complaint (the decider enforces who may add when,
 * and at most 3 per party); the file joins the complaint's attachments in the event's transaction.
 * A refused decision discards the staged file: no sealed file without its event, no event without
 * its file.
 */
@CommandHandler(AddAttachmentCommand)
export class AddAttachmentHandler implements ICommandHandler<AddAttachmentCommand, StoredAttachment> {
  constructor(
    @Inject(ComplaintAccess) private readonly access: ComplaintAccess,
    @Inject(AttachmentVault) private readonly files: AttachmentVault,
  ) {}

  async execute({ complaintId, bytes, by }: AddAttachmentCommand): Promise<StoredAttachment> {
    const row = by.kind === 'recipient' ? await this.access.forRecipient(by.principal.accountId, complaintId) : await this.access.forProvider(by.iysCode, complaintId);
    this.files.inspect(bytes);
    const stored = await this.files.stage(row.complaint_id, row.recipient_id, by.kind, bytes);
    const metadata = by.kind === 'recipient' ? { actorKind: 'recipient' as const, actorId: by.principal.accountId, channel: 'web' } : actorOf(by.principal);
    try {
      await this.access.write(
        row.complaint_id,
        { type: 'AddAttachment', owner: by.kind, ...stored, iysCode: by.kind === 'provider' ? by.iysCode : undefined, now: this.access.now() },
        metadata,
      );
    } catch (error) {
      await this.files.discard(stored.attachmentId);
      throw error;
    }
    return stored;
  }
}
