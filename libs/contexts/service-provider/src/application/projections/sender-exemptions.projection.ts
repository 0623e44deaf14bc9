import { ServiceProviderContracts } from '@iys/contracts';
import type { SqlExecutor } from '@iys/platform/database';
import type { ProjectionDefinition, RecordedEvent } from '@iys/platform/event-store';

/** Exempt senders for the admin and public lists. Inline: an exemption listed is an exemption in force. */
export const senderExemptionsProjection: ProjectionDefinition = {
  name: 'service-provider.sender-exemptions',
  version: 1,
  inline: true,
  categories: ['senderExemption'],
  eventTypes: [ServiceProviderContracts.SENDER_EXEMPTION_GRANTED, ServiceProviderContracts.SENDER_EXEMPTION_ENDED],
  async handle(events: RecordedEvent[], tx: SqlExecutor) {
    for (const event of events) {
      if (event.type === ServiceProviderContracts.SENDER_EXEMPTION_GRANTED) {
        const data = event.data as unknown as ServiceProviderContracts.SenderExemptionGranted;
        await tx.query(
          `INSERT INTO service_provider.sender_exemptions
             (exemption_id, organisation, kind, registration_number, senders, valid_from, valid_to, legal_basis, granted_position)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (exemption_id) DO NOTHING`,
          [data.exemptionId, data.organisation, data.kind, JSON.stringify(data.registrationNumber), JSON.stringify(data.senders), data.validFrom, data.validTo, data.legalBasis, event.globalPosition],
        );
      } else {
        const data = event.data as unknown as ServiceProviderContracts.SenderExemptionEnded;
        await tx.query('UPDATE service_provider.sender_exemptions SET valid_to = $2 WHERE exemption_id = $1', [data.exemptionId, data.endedAt]);
      }
    }
  },
  async reset(tx: SqlExecutor) {
    await tx.query('TRUNCATE service_provider.sender_exemptions');
  },
};
