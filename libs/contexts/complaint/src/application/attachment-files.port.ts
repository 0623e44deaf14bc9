import type { EncryptedValue } from '@iys/platform/pii';
import type { AttachmentOwner, AttachmentType } from '../domain/complaint.events.js';

export interface StagedAttachment {
  attachmentId: string;
  complaintId: string;
  recipientId: string;
  owner: AttachmentOwner;
  contentType: AttachmentType;
  size: number;
  sha256: string;
  content: EncryptedValue;
  createdAt: Date;
}

/**
 * Where attachment files are kept, sealed: staged (complaint.attachment_uploads) until the complaint's
 * projection moves them into complaint.attachments with their event.
 */
export interface AttachmentFiles {
  /** Drops staged files created before `before` (left by a crash between upload and event). */
  dropStagedBefore(before: Date): Promise<void>;
  stage(file: StagedAttachment): Promise<void>;
  discard(attachmentId: string): Promise<void>;
  /** A kept file of the complaint (of `owner`'s, when named). */
  find(complaintId: string, attachmentId: string, owner?: AttachmentOwner): Promise<{ contentType: string; content: EncryptedValue } | undefined>;
}

export const ATTACHMENT_FILES = Symbol('complaint:AttachmentFiles');
