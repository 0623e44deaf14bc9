import { createHash } from 'node:crypto';
import { formatIysDateTime } from '@iys/platform/building-blocks';
import type { SqlExecutor } from '@iys/platform/database';
import type { ProjectionDefinition, RecordedEvent } from '@iys/platform/event-store';
import { enqueueOutboxMessage, type NewOutboxMessage } from '@iys/platform/outbox';
import type { ComplaintDecided, DefenseReminded, DefenseRequested } from '../../domain/complaint.events.js';

/**
 * Notices through the outbox, in the transaction that records their fact (inline): sent if and only
 * if it committed. The complainant hears of the decision at the address complained about; the
 * provider hears of a defense request, its reminder and the decision at its signatory's registered
 * e-mail address (ADR 0044). `complaint.notified` is kept across rebuilds, so replaying the log
 * never sends a notice twice. A notice's message id is its event's id (the provider's: derived
 * from it).
 */
export const complaintNoticesProjection: ProjectionDefinition = {
  name: 'complaint.notices',
  version: 1,
  inline: true,
  categories: ['complaint'],
  eventTypes: ['complaint.ComplaintDecided', 'complaint.DefenseRequested', 'complaint.DefenseReminded'],
  async handle(events, tx: SqlExecutor) {
    for (const event of events) {
      if (event.type === 'complaint.ComplaintDecided') {
        await notifyComplainant(tx, event);
        await notifyProvider(tx, event);
      } else {
        await notifyProvider(tx, event);
      }
    }
  },
  // Nothing to empty: the notices went out; `notified` remembers them.
  async reset() {},
};

/** Whether this notice is still to be sent (and remembers it is sent). */
async function firstTime(tx: SqlExecutor, noticeId: string): Promise<boolean> {
  const first = await tx.query('INSERT INTO complaint.notified (event_id) VALUES ($1) ON CONFLICT DO NOTHING', [noticeId]);
  return (first.rowCount ?? 0) > 0;
}

async function notifyComplainant(tx: SqlExecutor, event: RecordedEvent): Promise<void> {
  const { data } = event as unknown as ComplaintDecided;
  if (!(await firstTime(tx, event.eventId))) return;
  const { rows } = await tx.query<{ recipient_id: string; address: Record<string, string>; address_kind: string }>(
    'SELECT recipient_id, address, address_kind FROM complaint.complaints WHERE complaint_id = $1',
    [data.complaintId],
  );
  const complaint = rows[0];
  if (!complaint) return;
  await enqueueOutboxMessage(tx, {
    id: event.eventId,
    channel: complaint.address_kind === 'email' ? 'email' : 'sms',
    recipientId: complaint.recipient_id,
    recipient: complaint.address as never,
    template: complaint.address_kind === 'email' ? 'complaint.decided.email' : 'complaint.decided.sms',
    params: { complaintId: data.complaintId, outcome: data.outcome },
    sealedParams: null,
    createdAt: event.recordedAt,
  });
}

/** The provider's notice of a defense request, a reminder or a decision; none for a complaint not tied to a provider. */
async function notifyProvider(tx: SqlExecutor, event: RecordedEvent): Promise<void> {
  const noticeId = providerNoticeId(event);
  const content = await providerNotice(tx, event);
  if (!content || !(await firstTime(tx, noticeId))) return;
  const { rows } = await tx.query<{ subject_id: string; email: Record<string, string> }>('SELECT subject_id, email FROM complaint.provider_contacts WHERE iys_code = $1', [content.iysCode]);
  if (!rows[0]) return;
  await enqueueOutboxMessage(tx, {
    id: noticeId,
    channel: 'email',
    recipientId: rows[0].subject_id,
    recipient: rows[0].email as never,
    template: content.template,
    params: content.params,
    sealedParams: null,
    createdAt: event.recordedAt,
  });
}

async function providerNotice(tx: SqlExecutor, event: RecordedEvent): Promise<{ iysCode: number; template: string; params: NewOutboxMessage['params'] } | undefined> {
  switch (event.type) {
    case 'complaint.DefenseRequested':
    case 'complaint.DefenseReminded': {
      const { data } = event as unknown as DefenseRequested | DefenseReminded;
      const template = event.type === 'complaint.DefenseRequested' ? 'complaint.defense-requested.email' : 'complaint.defense-reminder.email';
      return { iysCode: data.iysCode, template, params: { complaintId: data.complaintId, iysCode: data.iysCode, deadline: formatIysDateTime(new Date(data.deadline)) } };
    }
    case 'complaint.ComplaintDecided': {
      const { data } = event as unknown as ComplaintDecided;
      const { rows } = await tx.query<{ iys_code: number | null }>('SELECT iys_code FROM complaint.complaints WHERE complaint_id = $1', [data.complaintId]);
      const iysCode = rows[0]?.iys_code;
      if (iysCode === null || iysCode === undefined) return undefined;
      return { iysCode, template: 'complaint.decided-provider.email', params: { complaintId: data.complaintId, iysCode, outcome: data.outcome, fineAmount: data.fineAmount } };
    }
    default:
      return undefined;
  }
}

/** A uuid of its own for the provider's notice of an event (the complainant's notice uses the event id). */
function providerNoticeId(event: RecordedEvent): string {
  const hex = createHash('sha256').update(`${event.eventId}:provider`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
