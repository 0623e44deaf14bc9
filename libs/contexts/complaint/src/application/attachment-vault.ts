import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Clock, IdGenerator } from '@iys/platform/building-blocks';
import { CLOCK, ID_GENERATOR } from '@iys/platform/nest';
import { MASKED, PiiVault } from '@iys/platform/pii';
import { complaintError } from '../domain/complaint.errors.js';
import type { AttachmentOwner, AttachmentType } from '../domain/complaint.events.js';
import { MAX_ATTACHMENT_BYTES, sniffAttachmentType } from '../domain/complaint-inputs.js';
import { ATTACHMENT_FILES, type AttachmentFiles } from './attachment-files.port.js';

/** A staged upload whose event never came (a crash between the two) is dropped after this long. */
export const STAGED_UPLOAD_MS = 3_600_000;

export interface StoredAttachment {
  attachmentId: string;
  contentType: AttachmentType;
  size: number;
  sha256: string;
}

/**
 * Complaint attachments (screenshots, scanned consent forms): checked by content (PNG, JPEG, PDF by
 * their first bytes), at most 5 MB, sealed under the complaint's own data key (ADR 0050), so the
 * recipient's erasure or the end of the retention period makes them unreadable with the rest. The event records only type, size and digest.
 */
@Injectable()
export class AttachmentVault {
  constructor(
    @Inject(PiiVault) private readonly vault: PiiVault,
    @Inject(ATTACHMENT_FILES) private readonly files: AttachmentFiles,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  /** H775 empty or too large, H776 not a PNG, JPEG or PDF. */
  inspect(bytes: Buffer): { contentType: AttachmentType; size: number; sha256: string } {
    if (bytes.length === 0 || bytes.length > MAX_ATTACHMENT_BYTES) throw complaintError('H775', ['file']);
    const contentType = sniffAttachmentType(bytes);
    if (!contentType) throw complaintError('H776', ['file']);
    return { contentType, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
  }

  /**
   * Stages the file sealed (complaint.attachment_uploads) under a new id. The complaint's inline
   * projection moves it into complaint.attachments in the transaction that records
   * `complaint.AttachmentAdded`, so a file is kept if and only if its event committed; a refused
   * upload is discarded, and a staged file left by a crash is dropped an hour later by the next upload.
   */
  async stage(complaintId: string, recipientId: string, owner: AttachmentOwner, bytes: Buffer): Promise<StoredAttachment> {
    const inspected = this.inspect(bytes);
    const attachmentId = this.ids.next().toLowerCase();
    // Under the complaint's own data subject (ADR 0050).
    const content = await this.vault.encrypt(complaintId, bytes.toString('base64'));
    const now = this.clock.now();
    await this.files.dropStagedBefore(new Date(now.getTime() - STAGED_UPLOAD_MS));
    await this.files.stage({ attachmentId, complaintId, recipientId, owner, ...inspected, content, createdAt: now });
    return { attachmentId, ...inspected };
  }

  /** Drops a staged file whose event was refused. */
  async discard(attachmentId: string): Promise<void> {
    await this.files.discard(attachmentId);
  }

  /** The file, or undefined when it is not one of the complaint's (of `owner`'s, when named) or its subject was erased. */
  async open(complaintId: string, attachmentId: string, owner?: AttachmentOwner): Promise<{ contentType: string; bytes: Buffer } | undefined> {
    if (!/^[0-9a-f-]{36}$/i.test(attachmentId)) return undefined;
    const file = await this.files.find(complaintId, attachmentId, owner);
    if (!file) return undefined;
    const opened = await this.vault.decrypt(file.content);
    if (opened === MASKED) return undefined;
    return { contentType: file.contentType, bytes: Buffer.from(opened, 'base64') };
  }
}
