import type { SqlExecutor } from '@iys/platform/database';
import { toDomainEvent, type ProjectionDefinition, type RecordedEvent } from '@iys/platform/event-store';
import { RECIPIENT_DATA_ERASED } from '@iys/platform/pii';
import { CONSENT_STATUS_EVENT_TYPES, isStatusEvent, type ConsentStatusEvent, type RetailerAccessFacts } from '../../domain/consent.events.js';

/**
 * The state of every consent key: what status checks (C2, C5) and gateways read. Inline, so a
 * status query right after an add sees it; guarded by stream position, so replays are harmless.
 */
export const currentConsentProjection: ProjectionDefinition = {
  name: 'consent.current-consent',
  version: 1,
  inline: true,
  categories: ['consent', 'recipient'],
  eventTypes: ['consent.ConsentApproved', 'consent.ConsentRejected', 'consent.RetailerAccessGranted', 'consent.RetailerAccessRevoked', RECIPIENT_DATA_ERASED],
  async handle(events: RecordedEvent[], tx: SqlExecutor) {
    const consents = events.filter(isStatusEvent);
    if (consents.length > 0) await upsertConsents(consents, tx);
    const access = events.filter((e) => e.type === 'consent.RetailerAccessGranted' || e.type === 'consent.RetailerAccessRevoked');
    if (access.length > 0) await updateAccess(access, tx);
    for (const erased of events.filter((e) => e.type === RECIPIENT_DATA_ERASED)) {
      await tx.query('DELETE FROM consent.current_consent WHERE recipient_id = $1', [erased.data.recipientId]);
    }
  },
  async reset(tx: SqlExecutor) {
    await tx.query('TRUNCATE consent.current_consent');
  },
  // Status events' rows ride in the append's own statement (docs/adr/0063): C1 needs no transaction.
  appendWrite: { eventTypes: CONSENT_STATUS_EVENT_TYPES, sql: upsertSql, rows: consentRows },
};

/** The access set after each change; a status event later in the same append already carries it. */
async function updateAccess(events: RecordedEvent[], tx: SqlExecutor): Promise<void> {
  const latest = new Map<string, { recorded: RecordedEvent; data: RetailerAccessFacts }>();
  for (const recorded of events) {
    const data = recorded.data as unknown as RetailerAccessFacts;
    latest.set(`${data.brandCode}|${data.type}|${data.recipientType}|${data.recipientId}`, { recorded, data });
  }
  const rows = [...latest.values()];
  await tx.query(
    `UPDATE consent.current_consent c SET retailer_access = n.retailer_access::int[], stream_position = n.stream_position
       FROM unnest($1::int[], $2::text[], $3::text[], $4::uuid[], $5::text[], $6::int[]) AS n(brand_code, type, recipient_type, recipient_id, retailer_access, stream_position)
      WHERE c.brand_code = n.brand_code AND c.type = n.type AND c.recipient_type = n.recipient_type AND c.recipient_id = n.recipient_id
        AND c.stream_position < n.stream_position`,
    [
      rows.map(({ data }) => data.brandCode),
      rows.map(({ data }) => data.type),
      rows.map(({ data }) => data.recipientType),
      rows.map(({ data }) => data.recipientId),
      rows.map(({ data }) => `{${data.retailerAccess.join(',')}}`),
      rows.map(({ recorded }) => recorded.streamPosition),
    ],
  );
}

async function upsertConsents(events: RecordedEvent[], tx: SqlExecutor): Promise<void> {
  // One statement for a whole bulk append: a thousand consents cost one round trip.
  await tx.query(upsertSql('$1::json'), [consentRows(events)]);
}

/**
 * The consent rows of status events, as the json parameter of `upsertSql`: the last event per key
 * wins (one statement may not touch a row twice). Global positions are not used (an append's
 * statement carries this write before they exist).
 */
function consentRows(events: RecordedEvent[]): string {
  const latest = new Map<string, { recorded: RecordedEvent; event: ConsentStatusEvent }>();
  for (const recorded of events) {
    const event = toDomainEvent<ConsentStatusEvent>(recorded);
    latest.set(`${event.data.brandCode}|${event.data.type}|${event.data.recipientType}|${event.data.recipientId}`, { recorded, event });
  }
  return JSON.stringify(
    [...latest.values()].map(({ recorded, event }) => ({
      brand_code: event.data.brandCode,
      type: event.data.type,
      recipient_type: event.data.recipientType,
      recipient_id: event.data.recipientId,
      iys_code: event.data.iysCode,
      status: event.type === 'consent.ConsentApproved' ? 'ONAY' : 'RET',
      consent_date: event.data.consentDate,
      source: event.data.source,
      recipient: event.data.recipient,
      retailer_code: event.data.retailerCode,
      retailer_access: event.data.retailerAccess,
      creation_date: recorded.recordedAt,
      transaction_id: recorded.eventId,
      stream_position: recorded.streamPosition,
    })),
  );
}

/** The upsert of status events' rows read from `param` (see consentRows), guarded by stream position. */
function upsertSql(param: string): string {
  return `INSERT INTO consent.current_consent AS c
       (brand_code, type, recipient_type, recipient_id, iys_code, status, consent_date, source, recipient,
        retailer_code, retailer_access, creation_date, transaction_id, stream_position)
     SELECT brand_code, type, recipient_type, recipient_id, iys_code, status, consent_date, source, recipient,
            retailer_code, retailer_access, creation_date, transaction_id, stream_position
       FROM json_to_recordset(${param})
         AS n(brand_code int, type text, recipient_type text, recipient_id uuid, iys_code int, status text, consent_date timestamptz,
              source text, recipient jsonb, retailer_code int, retailer_access int[], creation_date timestamptz, transaction_id uuid,
              stream_position int)
     ON CONFLICT (brand_code, type, recipient_type, recipient_id) DO UPDATE SET
       status = EXCLUDED.status, consent_date = EXCLUDED.consent_date, source = EXCLUDED.source, recipient = EXCLUDED.recipient,
       retailer_code = EXCLUDED.retailer_code, retailer_access = EXCLUDED.retailer_access, creation_date = EXCLUDED.creation_date,
       transaction_id = EXCLUDED.transaction_id, stream_position = EXCLUDED.stream_position
     WHERE c.stream_position < EXCLUDED.stream_position`;
}
