import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { actorOf, ComplaintAccess } from '../../complaint-access.js';
import { AttachmentVault, type StoredAttachment } from '../../attachment-vault.js';
import { AddAttachmentCommand } from './add-attachment.command.js';

/**
 * Stores the file sealed, then records it on the complaint (the decider enforces who may add when,
 * and at most 3 per party). A refused decision leaves an unreferenced sealed row, never an event
 * without its file.
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
    const stored = await this.files.store(row.complaint_id, row.recipient_id, by.kind, bytes);
    const metadata = by.kind === 'recipient' ? { actorKind: 'recipient' as const, actorId: by.principal.accountId, channel: 'web' } : actorOf(by.principal);
    await this.access.write(
      row.complaint_id,
      { type: 'AddAttachment', owner: by.kind, ...stored, iysCode: by.kind === 'provider' ? by.iysCode : undefined, now: this.access.now() },
      metadata,
    );
    return stored;
  }
}
