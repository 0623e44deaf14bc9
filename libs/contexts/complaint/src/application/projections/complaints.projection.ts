import type { SqlExecutor } from '@iys/platform/database';
import { PiiSubjectUnavailableError, RECIPIENT_DATA_ERASED, type PiiVault } from '@iys/platform/pii';
import type { ProjectionDefinition, RecordedEvent } from '@iys/platform/event-store';
import type { AuthorityScopeAssigned } from '../../domain/authority-scope.decider.js';
import { COMPLAINT_EVENT_TYPES, type ComplaintEvent } from '../../domain/complaint.events.js';

/**
 * The complaints read model (queue, lists, statistics) and the authority users' scopes. Inline, so
 * the complainant, the authority and the provider read their own writes; the unique index on
 * (address, sender, message time) turns a concurrent duplicate into a failed append (H773). Every
 * update is guarded by the stream position, so a replay changes nothing. A recipient's erasure
 * tombstone deletes their attachments and clears the sealed address: the record stays, anonymised.
 */
export function complaintsProjection(vault: Pick<PiiVault, 'shred'>): ProjectionDefinition {
  return {
    name: 'complaint.complaints',
    version: 1,
    inline: true,
    categories: ['complaint', 'authorityScope', 'recipient'],
    eventTypes: [...COMPLAINT_EVENT_TYPES, 'complaint.AuthorityScopeAssigned', RECIPIENT_DATA_ERASED],
    async handle(events, tx) {
      for (const event of events) await apply(tx, event, vault);
    },
    async reset(tx) {
      await tx.query('TRUNCATE complaint.complaints, complaint.authority_scopes');
    },
  };
}

async function apply(tx: SqlExecutor, recorded: RecordedEvent, vault: Pick<PiiVault, 'shred'>): Promise<void> {
  if (recorded.type === RECIPIENT_DATA_ERASED) {
    // The complainant's erasure shreds each of their complaints' own data keys (ADR 0050) in this
    // transaction; the files go, the anonymised record stays for the authority's statistics (ADR 0037).
    const recipientId = String(recorded.data.recipientId);
    const { rows } = await tx.query<{ complaint_id: string }>('SELECT complaint_id FROM complaint.complaints WHERE recipient_id = $1', [recipientId]);
    for (const { complaint_id } of rows) await shredSubject(vault, complaint_id, tx);
    await tx.query('DELETE FROM complaint.attachments WHERE recipient_id = $1', [recipientId]);
    await tx.query('DELETE FROM complaint.attachment_uploads WHERE recipient_id = $1', [recipientId]);
    await tx.query(`UPDATE complaint.complaints SET address = '{}'::jsonb, updated_at = $2 WHERE recipient_id = $1`, [recipientId, recorded.recordedAt]);
    return;
  }
  if (recorded.type === 'complaint.AuthorityScopeAssigned') {
    const { data } = recorded as unknown as AuthorityScopeAssigned;
    await tx.query(
      `INSERT INTO complaint.authority_scopes (user_id, province, assigned_at) VALUES ($1, $2, $3)
       ON CONFLICT (user_id) DO UPDATE SET province = EXCLUDED.province, assigned_at = EXCLUDED.assigned_at`,
      [data.userId, data.province, data.at],
    );
    return;
  }
  const event = { type: recorded.type, data: recorded.data } as unknown as ComplaintEvent;
  const version = recorded.streamPosition;
  const id = event.data.complaintId;
  const set = (columns: string, values: unknown[]) =>
    tx.query(
      `UPDATE complaint.complaints SET ${columns}, updated_at = $${values.length + 3}, version = $2 WHERE complaint_id = $1 AND version < $2`,
      [id, version, ...values, recorded.recordedAt],
    );
  switch (event.type) {
    case 'complaint.ComplaintFiled': {
      const d = event.data;
      await tx.query(
        `INSERT INTO complaint.complaints (complaint_id, account_id, recipient_id, address, address_kind, channel, recipient_type, sender_id,
           picked_brand_code, message_at, province, status, subjects, filed_via, checked_first, filed_at, updated_at, version)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'RECEIVED', $12, $13, $14, $15, $15, $16) ON CONFLICT (complaint_id) DO NOTHING`,
        [id, d.accountId, d.recipientId, JSON.stringify(d.address), d.addressKind, d.channel, d.recipientType, d.senderId, d.brandCode, d.messageAt, d.province,
          d.subjects, d.filedVia, d.checkedFirst, d.filedAt, version],
      );
      return;
    }
    case 'complaint.SenderResolved':
      await set('iys_code = $3, brand_code = $4', [event.data.iysCode, event.data.brandCode]);
      return;
    case 'complaint.ConsentEvidenceRecorded':
      await set('assessment = $3, evidence_state = $4', [event.data.assessment.hint, event.data.evidence.state]);
      return;
    case 'complaint.InspectorAssigned':
      await set('inspector_id = $3', [event.data.inspectorId]);
      return;
    case 'complaint.DefenseRequested':
      await set(`status = 'DEFENSE_REQUESTED', defense_deadline = $3`, [event.data.deadline]);
      return;
    case 'complaint.DefenseSubmitted':
      await set(`status = 'DEFENSE_SUBMITTED', defense_at = $3`, [event.data.at]);
      return;
    case 'complaint.DefenseOverdue':
      await set('overdue = $3', [true]);
      return;
    case 'complaint.DefenseReminded':
      await set('reminded = $3', [true]);
      return;
    case 'complaint.PersonalDataShredded':
      // The data key is gone (the job shredded it before recording this); the files and the sealed address go too.
      await tx.query('DELETE FROM complaint.attachments WHERE complaint_id = $1', [id]);
      await set(`shredded = $3, address = '{}'::jsonb`, [true]);
      return;
    case 'complaint.ComplaintDecided':
      await set(`status = 'DECIDED', outcome = $3, fine_amount = $4, decided_at = $5`, [event.data.outcome, event.data.fineAmount, event.data.at]);
      return;
    case 'complaint.ComplaintWithdrawn':
      await set(`status = 'WITHDRAWN'`, []);
      return;
    case 'complaint.ComplaintClosed':
      await set(`status = 'CLOSED'`, []);
      return;
    case 'complaint.AttachmentAdded':
      // The staged file joins the complaint's attachments with its event (on a rebuild nothing is staged).
      await tx.query(
        `INSERT INTO complaint.attachments (attachment_id, complaint_id, recipient_id, owner, content_type, size, sha256, content, created_at)
         SELECT attachment_id, complaint_id, recipient_id, owner, content_type, size, sha256, content, created_at
           FROM complaint.attachment_uploads WHERE attachment_id = $1 AND complaint_id = $2
         ON CONFLICT (attachment_id) DO NOTHING`,
        [event.data.attachmentId, id],
      );
      await tx.query('DELETE FROM complaint.attachment_uploads WHERE attachment_id = $1', [event.data.attachmentId]);
      // Only the version moves in the row: attachments are listed from the stream.
      await set('overdue = overdue', []);
      return;
  }
}

/** Shreds a complaint's own data subject; one filed before complaints had their own (none to shred) is skipped. */
async function shredSubject(vault: Pick<PiiVault, 'shred'>, complaintId: string, tx: SqlExecutor): Promise<void> {
  try {
    await vault.shred(complaintId, tx);
  } catch (error) {
    if (!(error instanceof PiiSubjectUnavailableError)) throw error;
  }
}
