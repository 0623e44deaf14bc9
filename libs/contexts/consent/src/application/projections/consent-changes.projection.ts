import type { SqlExecutor } from '@iys/platform/database';
import { toDomainEvent, type ProjectionDefinition, type RecordedEvent } from '@iys/platform/event-store';
import type { ConsentStatusEvent } from '../../domain/consent.events.js';
import { RECIPIENT_DATA_ERASED } from '@iys/platform/pii';

/**
 * The change feed (C6). Async on purpose: the runner hands events over in commit order below the
 * xmin horizon, and this one writer numbers them as it goes, so `seq` is commit order and a cursor
 * on it never skips or repeats a change (iys-api.md Part A 5: no one-hour hole).
 */
export const consentChangesProjection: ProjectionDefinition = {
  name: 'consent.changes',
  version: 1,
  eventTypes: ['consent.ConsentApproved', 'consent.ConsentRejected', RECIPIENT_DATA_ERASED],
  async handle(events: RecordedEvent[], tx: SqlExecutor) {
    const changes = events.filter((e) => e.type !== RECIPIENT_DATA_ERASED).map((recorded) => ({ recorded, event: toDomainEvent<ConsentStatusEvent>(recorded) }));
    if (changes.length > 0) {
      await tx.query(
        `INSERT INTO consent.changes (event_id, brand_code, origin, recipient_id, recipient, recipient_type, type, status, source, consent_date, creation_date)
         SELECT e, b, o, ri, r, rt, t, s, so, cd, cr
           FROM unnest($1::uuid[], $2::int[], $3::text[], $4::uuid[], $5::jsonb[], $6::text[], $7::text[], $8::text[], $9::text[],
                       $10::timestamptz[], $11::timestamptz[]) WITH ORDINALITY AS n(e, b, o, ri, r, rt, t, s, so, cd, cr, ord)
          ORDER BY ord
         ON CONFLICT (event_id, recipient_id) DO NOTHING`,
        [
          changes.map(({ recorded }) => recorded.eventId),
          changes.map(({ event }) => event.data.brandCode),
          changes.map(({ event }) => event.data.origin),
          changes.map(({ event }) => event.data.recipientId),
          changes.map(({ event }) => JSON.stringify(event.data.recipient)),
          changes.map(({ event }) => event.data.recipientType),
          changes.map(({ event }) => event.data.type),
          changes.map(({ event }) => (event.type === 'consent.ConsentApproved' ? 'ONAY' : 'RET')),
          changes.map(({ event }) => event.data.source),
          changes.map(({ event }) => event.data.consentDate),
          changes.map(({ recorded }) => recorded.recordedAt),
        ],
      );
    }
    for (const erased of events.filter((e) => e.type === RECIPIENT_DATA_ERASED)) {
      await tx.query('DELETE FROM consent.changes WHERE recipient_id = $1', [erased.data.recipientId]);
    }
  },
  async reset(tx: SqlExecutor) {
    // The sequence is not restarted: rebuilt rows number above every cursor handed out before, so a
    // client holding an old cursor receives changes again rather than missing any.
    await tx.query('TRUNCATE consent.changes');
  },
};
