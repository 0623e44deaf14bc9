import { ServiceProviderContracts } from '@iys/contracts';
import type { SqlExecutor } from '@iys/platform/database';
import type { ProjectionDefinition } from '@iys/platform/event-store';

const SP = ServiceProviderContracts;

/**
 * The provider's contact for complaint notices (ADR 0044): the signatory's e-mail address as the
 * application published it, sealed under the signatory's key, tied to the iysCode on approval.
 * Async (another context's streams, docs/adr/0052); ComplaintAccess drives it to the log's head
 * before a write that notifies the provider, so a provider approved a moment ago is reachable by
 * the next defense request.
 */
export const providerContactsProjection: ProjectionDefinition = {
  name: 'complaint.provider-contacts',
  version: 1,
  categories: SP.STREAMS.categories,
  eventTypes: [SP.APPLICATION_SUBMITTED, SP.PROVIDER_APPROVED],
  async handle(events, tx: SqlExecutor) {
    for (const event of events) {
      if (event.type === SP.APPLICATION_SUBMITTED) {
        const data = event.data as unknown as ServiceProviderContracts.ApplicationSubmitted;
        await tx.query(
          `INSERT INTO complaint.provider_contacts (application_id, subject_id, email) VALUES ($1, $2, $3) ON CONFLICT (application_id) DO NOTHING`,
          [data.applicationId, data.signatory.subjectId, JSON.stringify(data.signatory.email)],
        );
      } else {
        const data = event.data as unknown as ServiceProviderContracts.ProviderApproved;
        await tx.query('UPDATE complaint.provider_contacts SET iys_code = $2 WHERE application_id = $1', [data.applicationId, data.iysCode]);
      }
    }
  },
  async reset(tx) {
    await tx.query('TRUNCATE complaint.provider_contacts');
  },
};
