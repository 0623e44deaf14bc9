import type { SqlExecutor } from '@iys/platform/database';
import { toDomainEvent, type ProjectionDefinition, type RecordedEvent } from '@iys/platform/event-store';
import type { SenderIdentityEvent } from '../../domain/sender-identity.decider.js';

/** Each brand's sender identities (inline: a sender registered a moment ago is listed at once). */
export const brandSendersProjection: ProjectionDefinition = {
  name: 'service-provider.brand-senders',
  version: 1,
  inline: true,
  categories: ['senderIdentity'],
  eventTypes: ['service-provider.SenderRegistered', 'service-provider.SenderRemoved'],
  async handle(events: RecordedEvent[], tx: SqlExecutor) {
    for (const recorded of events) {
      const event = toDomainEvent<SenderIdentityEvent>(recorded);
      const { channel, senderId, iysCode, brandCode } = event.data;
      if (event.type === 'service-provider.SenderRegistered') {
        await tx.query(
          `INSERT INTO service_provider.brand_senders (channel, sender_id, iys_code, brand_code, registered_at) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (channel, sender_id) DO UPDATE SET iys_code = EXCLUDED.iys_code, brand_code = EXCLUDED.brand_code, registered_at = EXCLUDED.registered_at`,
          [channel, senderId, iysCode, brandCode, recorded.recordedAt],
        );
      } else {
        await tx.query('DELETE FROM service_provider.brand_senders WHERE channel = $1 AND sender_id = $2 AND brand_code = $3', [channel, senderId, brandCode]);
      }
    }
  },
  async reset(tx: SqlExecutor) {
    await tx.query('TRUNCATE service_provider.brand_senders');
  },
};
