import type { SqlExecutor } from '@iys/platform/database';
import { toDomainEvent, type ProjectionDefinition, type RecordedEvent } from '@iys/platform/event-store';
import { RECIPIENT_DATA_ERASED } from '@iys/platform/pii';
import type { ConsentEvent } from '../../domain/consent.events.js';

/**
 * The state of every consent key: what status checks (C2, C5) and gateways read. Inline, so a
 * status query right after an add sees it; guarded by stream position, so replays are harmless.
 */
export const currentConsentProjection: ProjectionDefinition = {
  name: 'consent.current-consent',
  version: 1,
  inline: true,
  eventTypes: ['consent.ConsentApproved', 'consent.ConsentRejected', RECIPIENT_DATA_ERASED],
  async handle(events: RecordedEvent[], tx: SqlExecutor) {
    const consents = events.filter((e) => e.type !== RECIPIENT_DATA_ERASED);
    if (consents.length > 0) await upsertConsents(consents, tx);
    for (const erased of events.filter((e) => e.type === RECIPIENT_DATA_ERASED)) {
      await tx.query('DELETE FROM consent.current_consent WHERE recipient_id = $1', [erased.data.recipientId]);
    }
  },
  async reset(tx: SqlExecutor) {
    await tx.query('TRUNCATE consent.current_consent');
  },
};

async function upsertConsents(events: RecordedEvent[], tx: SqlExecutor): Promise<void> {
  // The last event per key wins (one statement may not touch a row twice).
  const latest = new Map<string, { recorded: RecordedEvent; event: ConsentEvent }>();
  for (const recorded of events) {
    const event = toDomainEvent<ConsentEvent>(recorded);
    latest.set(`${event.data.brandCode}|${event.data.type}|${event.data.recipientType}|${event.data.recipientId}`, { recorded, event });
  }
  const rows = [...latest.values()];
  // One statement for a whole bulk append: a thousand consents cost one round trip.
  await tx.query(
    `INSERT INTO consent.current_consent AS c
       (brand_code, type, recipient_type, recipient_id, iys_code, status, consent_date, source, recipient,
        retailer_code, retailer_access, creation_date, transaction_id, stream_position)
     SELECT brand_code, type, recipient_type, recipient_id, iys_code, status, consent_date, source, recipient,
            retailer_code, retailer_access::int[], creation_date, transaction_id, stream_position
       FROM unnest($1::int[], $2::text[], $3::text[], $4::uuid[], $5::int[], $6::text[], $7::timestamptz[], $8::text[],
                   $9::jsonb[], $10::int[], $11::text[], $12::timestamptz[], $13::uuid[], $14::int[])
         AS n(brand_code, type, recipient_type, recipient_id, iys_code, status, consent_date, source, recipient,
              retailer_code, retailer_access, creation_date, transaction_id, stream_position)
     ON CONFLICT (brand_code, type, recipient_type, recipient_id) DO UPDATE SET
       status = EXCLUDED.status, consent_date = EXCLUDED.consent_date, source = EXCLUDED.source, recipient = EXCLUDED.recipient,
       retailer_code = EXCLUDED.retailer_code, retailer_access = EXCLUDED.retailer_access, creation_date = EXCLUDED.creation_date,
       transaction_id = EXCLUDED.transaction_id, stream_position = EXCLUDED.stream_position
     WHERE c.stream_position < EXCLUDED.stream_position`,
    [
      rows.map(({ event }) => event.data.brandCode),
      rows.map(({ event }) => event.data.type),
      rows.map(({ event }) => event.data.recipientType),
      rows.map(({ event }) => event.data.recipientId),
      rows.map(({ event }) => event.data.iysCode),
      rows.map(({ event }) => (event.type === 'consent.ConsentApproved' ? 'ONAY' : 'RET')),
      rows.map(({ event }) => event.data.consentDate),
      rows.map(({ event }) => event.data.source),
      rows.map(({ event }) => JSON.stringify(event.data.recipient)),
      rows.map(({ event }) => event.data.retailerCode),
      // Postgres has no ragged arrays: each list travels as its text form and is cast per row.
      rows.map(({ event }) => `{${event.data.retailerAccess.join(',')}}`),
      rows.map(({ recorded }) => recorded.recordedAt),
      rows.map(({ recorded }) => recorded.eventId),
      rows.map(({ recorded }) => recorded.streamPosition),
    ],
  );
}
