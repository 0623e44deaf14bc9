import { ConsentContracts } from '@iys/contracts';
import type { SqlExecutor } from '@iys/platform/database';
import type { ProjectionDefinition } from '@iys/platform/event-store';
import { RECIPIENT_DATA_ERASED } from '@iys/platform/pii';

/** NOTIFY channel on which new pending notices wake the notice sender. */
export const CONSENT_NOTICES_CHANNEL = 'iys_recipient_notices';

/**
 * Consents a provider registered as ONAY that the recipient has not been told about yet
 * (`recipient.pending_notices`); the ConsentNoticeSender gathers them into one message per address.
 * Async (it follows the log in commit order, off the provider's write path). An event already told
 * about (`recipient.noticed_events`, kept across rebuilds) is never pending again, so a replay or a
 * rebuild sends nothing twice. Recipients' own approvals (origin IYS) need no notice.
 */
export const consentNoticesProjection: ProjectionDefinition = {
  name: 'recipient.consent-notices',
  version: 1,
  eventTypes: [ConsentContracts.CONSENT_APPROVED, RECIPIENT_DATA_ERASED],
  // Nobody polls it within a second: the daemon's relaxed pass serves it, off the change feed's (docs/adr/0062).
  latency: 'relaxed',
  async handle(events, tx: SqlExecutor) {
    const approvals = events.filter((event) => event.type === ConsentContracts.CONSENT_APPROVED && event.data.origin === 'HS');
    if (approvals.length > 0) {
      const movements = approvals.map((event) => event.data as unknown as ConsentContracts.ConsentMovement);
      await tx.query(
        `INSERT INTO recipient.pending_notices (event_id, recipient_id, recipient, iys_code, brand_code, type, recipient_type, registered_at)
         SELECT n.* FROM unnest($1::uuid[], $2::uuid[], $3::jsonb[], $4::int[], $5::int[], $6::text[], $7::text[], $8::timestamptz[])
                  AS n(event_id, recipient_id, recipient, iys_code, brand_code, type, recipient_type, registered_at)
          WHERE NOT EXISTS (SELECT 1 FROM recipient.noticed_events d WHERE d.event_id = n.event_id)
         ON CONFLICT (event_id) DO NOTHING`,
        [
          approvals.map((event) => event.eventId),
          movements.map((m) => m.recipientId),
          movements.map((m) => JSON.stringify(m.recipient)),
          movements.map((m) => m.iysCode),
          movements.map((m) => m.brandCode),
          movements.map((m) => m.type),
          movements.map((m) => m.recipientType),
          approvals.map((event) => event.recordedAt),
        ],
      );
      await tx.query(`SELECT pg_notify('${CONSENT_NOTICES_CHANNEL}', '')`);
    }
    for (const erased of events.filter((event) => event.type === RECIPIENT_DATA_ERASED)) {
      await tx.query('DELETE FROM recipient.pending_notices WHERE recipient_id = $1', [erased.data.recipientId]);
    }
  },
  async reset(tx) {
    await tx.query('TRUNCATE recipient.pending_notices');
  },
};
