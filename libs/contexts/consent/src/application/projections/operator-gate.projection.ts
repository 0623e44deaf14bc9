import { ServiceProviderContracts } from '@iys/contracts';
import type { SqlExecutor } from '@iys/platform/database';
import type { ProjectionDefinition, RecordedEvent } from '@iys/platform/event-store';
import { RECIPIENT_DATA_ERASED } from '@iys/platform/pii';

const { SENDER_REGISTERED, SENDER_REMOVED, SENDER_EXEMPTION_GRANTED, SENDER_EXEMPTION_ENDED } = ServiceProviderContracts;

/**
 * The gate's copy of who sends from which identity: brands' registered senders (sender → provider
 * and brand, now, and their registration periods for a past delivery) and exempt senders with their
 * validity, projected from the service-provider context's published events. Async (docs/adr/0052);
 * the gate reads it behind a watermark (docs/adr/0060), so a sender registered or an exemption ended
 * a moment ago counts at the very next check.
 */
export const operatorGateProjection: ProjectionDefinition = {
  name: 'consent.operator-gate',
  version: 1,
  eventTypes: [SENDER_REGISTERED, SENDER_REMOVED, SENDER_EXEMPTION_GRANTED, SENDER_EXEMPTION_ENDED],
  async handle(events: RecordedEvent[], tx: SqlExecutor) {
    for (const event of events) {
      switch (event.type) {
        case SENDER_REGISTERED: {
          const data = event.data as unknown as ServiceProviderContracts.SenderRegistered;
          // A header moved from one brand to another belongs to the brand that registered it last.
          await tx.query(
            `INSERT INTO consent.gate_senders (channel, sender_id, iys_code, brand_code) VALUES ($1, $2, $3, $4)
             ON CONFLICT (channel, sender_id) DO UPDATE SET iys_code = EXCLUDED.iys_code, brand_code = EXCLUDED.brand_code`,
            [data.channel, data.senderId, data.iysCode, data.brandCode],
          );
          // Its periods, for a past delivery: the previous holder's ends, this brand's begins.
          await tx.query(
            `WITH ended AS (
               UPDATE consent.gate_sender_periods SET valid_to = $5 WHERE channel = $1 AND sender_id = $2 AND valid_to IS NULL)
             INSERT INTO consent.gate_sender_periods (channel, sender_id, valid_from, iys_code, brand_code) VALUES ($1, $2, $5, $3, $4)
             ON CONFLICT (channel, sender_id, valid_from) DO UPDATE SET iys_code = EXCLUDED.iys_code, brand_code = EXCLUDED.brand_code, valid_to = NULL`,
            [data.channel, data.senderId, data.iysCode, data.brandCode, event.recordedAt],
          );
          break;
        }
        case SENDER_REMOVED: {
          const data = event.data as unknown as ServiceProviderContracts.SenderRemoved;
          await tx.query('DELETE FROM consent.gate_senders WHERE channel = $1 AND sender_id = $2 AND brand_code = $3', [data.channel, data.senderId, data.brandCode]);
          await tx.query('UPDATE consent.gate_sender_periods SET valid_to = $4 WHERE channel = $1 AND sender_id = $2 AND brand_code = $3 AND valid_to IS NULL', [
            data.channel,
            data.senderId,
            data.brandCode,
            event.recordedAt,
          ]);
          break;
        }
        case SENDER_EXEMPTION_GRANTED: {
          const data = event.data as unknown as ServiceProviderContracts.SenderExemptionGranted;
          await tx.query(
            `INSERT INTO consent.gate_exempt_senders (exemption_id, channel, sender_id, valid_from, valid_to)
             SELECT $1, channel, sender_id, $4, $5 FROM unnest($2::text[], $3::text[]) AS s(channel, sender_id)
             ON CONFLICT DO NOTHING`,
            [data.exemptionId, data.senders.map((s) => s.channel), data.senders.map((s) => s.senderId), data.validFrom, data.validTo],
          );
          break;
        }
        case SENDER_EXEMPTION_ENDED: {
          const data = event.data as unknown as ServiceProviderContracts.SenderExemptionEnded;
          await tx.query('UPDATE consent.gate_exempt_senders SET valid_to = $2 WHERE exemption_id = $1', [data.exemptionId, data.endedAt]);
          break;
        }
      }
    }
  },
  async reset(tx: SqlExecutor) {
    await tx.query('TRUNCATE consent.gate_senders, consent.gate_sender_periods, consent.gate_exempt_senders');
  },
};

/**
 * An erased recipient's rows leave the gate's DENY log with the recipient, in the erasure's own
 * transaction: inline, on the platform's erasure tombstones only (docs/adr/0005, 0052).
 */
export const gateDenialsErasureProjection: ProjectionDefinition = {
  name: 'consent.gate-denials',
  version: 1,
  inline: true,
  categories: ['recipient'],
  eventTypes: [RECIPIENT_DATA_ERASED],
  async handle(events: RecordedEvent[], tx: SqlExecutor) {
    const erased = events.filter((event) => event.type === RECIPIENT_DATA_ERASED).map((event) => (event.data as { recipientId: string }).recipientId);
    if (erased.length > 0) await tx.query('DELETE FROM consent.gate_denials WHERE recipient_id = ANY($1::uuid[])', [erased]);
  },
  async reset() {
    // Nothing to rebuild: the DENY log is written by the gate, not projected.
  },
};
