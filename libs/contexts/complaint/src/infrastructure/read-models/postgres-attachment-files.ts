import { Inject, Injectable } from '@nestjs/common';
import type pg from 'pg';
import { PG_POOL } from '@iys/platform/nest';
import type { EncryptedValue } from '@iys/platform/pii';
import type { AttachmentFiles, StagedAttachment } from '../../application/attachment-files.port.js';
import type { AttachmentOwner } from '../../domain/complaint.events.js';

/** complaint.attachment_uploads (staged) and complaint.attachments (kept, written by the complaints projection). */
@Injectable()
export class PostgresAttachmentFiles implements AttachmentFiles {
  constructor(@Inject(PG_POOL) private readonly pool: pg.Pool) {}

  async dropStagedBefore(before: Date): Promise<void> {
    await this.pool.query('DELETE FROM complaint.attachment_uploads WHERE created_at < $1', [before]);
  }

  async stage(file: StagedAttachment): Promise<void> {
    await this.pool.query(
      `INSERT INTO complaint.attachment_uploads (attachment_id, complaint_id, recipient_id, owner, content_type, size, sha256, content, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [file.attachmentId, file.complaintId, file.recipientId, file.owner, file.contentType, file.size, file.sha256, JSON.stringify(file.content), file.createdAt],
    );
  }

  async discard(attachmentId: string): Promise<void> {
    await this.pool.query('DELETE FROM complaint.attachment_uploads WHERE attachment_id = $1', [attachmentId]);
  }

  async find(complaintId: string, attachmentId: string, owner?: AttachmentOwner): Promise<{ contentType: string; content: EncryptedValue } | undefined> {
    const { rows } = await this.pool.query<{ content_type: string; content: EncryptedValue }>(
      'SELECT content_type, content FROM complaint.attachments WHERE attachment_id = $1 AND complaint_id = $2 AND ($3::text IS NULL OR owner = $3)',
      [attachmentId, complaintId, owner ?? null],
    );
    return rows[0] ? { contentType: rows[0].content_type, content: rows[0].content } : undefined;
  }
}
