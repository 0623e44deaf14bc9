import type { SqlExecutor } from '@iys/platform/database';
import { RECIPIENT_DATA_ERASED } from '@iys/platform/pii';
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
export const complaintsProjection: ProjectionDefinition = {
  name: 'complaint.complaints',
  version: 1,
  inline: true,
  categories: ['complaint', 'authorityScope', 'recipient'],
  eventTypes: [...COMPLAINT_EVENT_TYPES, 'complaint.AuthorityScopeAssigned', RECIPIENT_DATA_ERASED],
  async handle(events, tx) {
    for (const event of events) await apply(tx, event);
  },
  async reset(tx) {
    await tx.query('TRUNCATE complaint.complaints, complaint.authority_scopes');
  },
};

async function apply(tx: SqlExecutor, recorded: RecordedEvent): Promise<void> {
  if (recorded.type === RECIPIENT_DATA_ERASED) {
    // Crypto-shredding already made every sealed field unreadable; the files go, the anonymised
    // record stays for the authority's statistics (docs/adr/0037).
    const recipientId = String(recorded.data.recipientId);
    await tx.query('DELETE FROM complaint.attachments WHERE recipient_id = $1', [recipientId]);
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
      // Only the version moves: attachments are listed from the stream.
      await set('overdue = overdue', []);
      return;
  }
}
