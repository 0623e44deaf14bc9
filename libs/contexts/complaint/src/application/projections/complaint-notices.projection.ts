import type { SqlExecutor } from '@iys/platform/database';
import type { ProjectionDefinition } from '@iys/platform/event-store';
import { enqueueOutboxMessage } from '@iys/platform/outbox';
import type { ComplaintDecided } from '../../domain/complaint.events.js';

/**
 * The complainant hears of the decision through the outbox, in the transaction that records it
 * (inline): sent if and only if the decision committed. `complaint.notified` is kept across
 * rebuilds, so replaying the log never sends a notice twice. The message id is the event id.
 */
export const complaintNoticesProjection: ProjectionDefinition = {
  name: 'complaint.notices',
  version: 1,
  inline: true,
  categories: ['complaint'],
  eventTypes: ['complaint.ComplaintDecided'],
  async handle(events, tx: SqlExecutor) {
    for (const event of events) {
      const { data } = event as unknown as ComplaintDecided;
      const first = await tx.query('INSERT INTO complaint.notified (event_id) VALUES ($1) ON CONFLICT DO NOTHING', [event.eventId]);
      if (!first.rowCount) continue;
      const { rows } = await tx.query<{ recipient_id: string; address: Record<string, string>; address_kind: string }>(
        'SELECT recipient_id, address, address_kind FROM complaint.complaints WHERE complaint_id = $1',
        [data.complaintId],
      );
      const complaint = rows[0];
      if (!complaint) continue;
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
  },
  // Nothing to empty: the notices went out; `notified` remembers them.
  async reset() {},
};
