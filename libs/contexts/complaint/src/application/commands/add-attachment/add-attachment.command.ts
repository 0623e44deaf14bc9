import { Command } from '@nestjs/cqrs';
import type { StoredAttachment } from '../../attachment-vault.js';
import type { Principal, RecipientPrincipal } from '@iys/platform/building-blocks';

/** A file for a complaint: the complainant's evidence, or the provider's for its defense. */
export class AddAttachmentCommand extends Command<StoredAttachment> {
  constructor(
    readonly complaintId: string,
    readonly bytes: Buffer,
    readonly by: { kind: 'recipient'; principal: RecipientPrincipal } | { kind: 'provider'; principal: Principal; iysCode: number },
  ) {
    super();
  }
}
