import type { SqlExecutor } from '@iys/platform/database';
import { toDomainEvent, type ProjectionDefinition, type RecordedEvent } from '@iys/platform/event-store';
import type { IntegratorEvent, ServiceProviderEvent } from '../../domain/service-provider.events.js';

export const PROVIDER_DIRECTORY_EVENTS: (ServiceProviderEvent | IntegratorEvent)['type'][] = [
  'service-provider.IntegratorRegistered',
  'service-provider.IntegratorAuthorised',
  'service-provider.IntegratorAuthorisationRevoked',
  'service-provider.ApplicationSubmitted',
  'service-provider.ApplicationApproved',
  'service-provider.ApplicationRejected',
  'service-provider.BrandAdded',
  'service-provider.BrandDeactivated',
  'service-provider.ActivationDateSet',
];

/**
 * Applications, providers and brands for the admin API and B1. Inline: a provider approved a moment
 * ago can be given users and list its brands at once.
 */
export const providerDirectoryProjection: ProjectionDefinition = {
  name: 'service-provider.directory',
  version: 1,
  inline: true,
  categories: ['serviceProvider', 'integrator'],
  eventTypes: PROVIDER_DIRECTORY_EVENTS,
  async handle(events: RecordedEvent[], tx: SqlExecutor) {
    for (const recorded of events) await apply(toDomainEvent<ServiceProviderEvent | IntegratorEvent>(recorded), recorded, tx);
  },
  async reset(tx: SqlExecutor) {
    await tx.query(
      'TRUNCATE service_provider.applications, service_provider.providers, service_provider.brands, service_provider.integrators, service_provider.integrator_grants',
    );
  },
};

async function apply(event: ServiceProviderEvent | IntegratorEvent, recorded: RecordedEvent, tx: SqlExecutor): Promise<void> {
  switch (event.type) {
    case 'service-provider.IntegratorRegistered':
      await tx.query(
        'INSERT INTO service_provider.integrators (integrator_code, integrator_id, title) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
        [event.data.integratorCode, event.data.integratorId, event.data.title],
      );
      return;
    case 'service-provider.IntegratorAuthorised':
      await tx.query(
        `INSERT INTO service_provider.integrator_grants (iys_code, integrator_code, brand_codes, types, agreement_control)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (integrator_code, iys_code) DO UPDATE
           SET brand_codes = EXCLUDED.brand_codes, types = EXCLUDED.types, agreement_control = EXCLUDED.agreement_control`,
        [event.data.iysCode, event.data.integratorCode, event.data.brandCodes, event.data.types, event.data.agreementControl],
      );
      return;
    case 'service-provider.IntegratorAuthorisationRevoked':
      await tx.query('DELETE FROM service_provider.integrator_grants WHERE iys_code = $1 AND integrator_code = $2', [
        event.data.iysCode,
        event.data.integratorCode,
      ]);
      return;
    case 'service-provider.ApplicationSubmitted':
      await tx.query(
        `INSERT INTO service_provider.applications (application_id, status, title, mersis, brand_names, submitted_at, stream_position)
         VALUES ($1, 'pending', $2, $3, $4, $5, $6) ON CONFLICT (application_id) DO NOTHING`,
        [event.data.applicationId, event.data.title, event.data.mersis, JSON.stringify(event.data.brands.map((b) => b.name)), event.data.submittedAt, recorded.streamPosition],
      );
      return;
    case 'service-provider.ApplicationApproved': {
      await decide(tx, event.data.applicationId, 'approved', recorded.streamPosition, { iysCode: event.data.iysCode, by: event.data.approvedBy });
      await tx.query(
        `INSERT INTO service_provider.providers (iys_code, application_id, title, activation_date)
         SELECT $1, application_id, title, $3 FROM service_provider.applications WHERE application_id = $2
         ON CONFLICT (iys_code) DO NOTHING`,
        [event.data.iysCode, event.data.applicationId, event.data.activationDate],
      );
      for (const brand of event.data.brands) await addBrand(tx, event.data.iysCode, brand.brandCode, brand.name, brand.master);
      return;
    }
    case 'service-provider.ApplicationRejected':
      await decide(tx, event.data.applicationId, 'rejected', recorded.streamPosition, { by: event.data.rejectedBy, reason: event.data.reason });
      return;
    case 'service-provider.BrandAdded':
      await addBrand(tx, event.data.iysCode, event.data.brandCode, event.data.name, false);
      return;
    case 'service-provider.BrandDeactivated':
      await tx.query('UPDATE service_provider.brands SET active = false WHERE brand_code = $1', [event.data.brandCode]);
      return;
    case 'service-provider.ActivationDateSet':
      await tx.query('UPDATE service_provider.providers SET activation_date = $2 WHERE iys_code = $1', [event.data.iysCode, event.data.activationDate]);
      return;
  }
}

async function decide(
  tx: SqlExecutor,
  applicationId: string,
  status: 'approved' | 'rejected',
  position: number,
  { iysCode, by, reason }: { iysCode?: number; by: string; reason?: string },
): Promise<void> {
  await tx.query(
    `UPDATE service_provider.applications SET status = $2, iys_code = $3, decided_by = $4, rejection_reason = $5, stream_position = $6
      WHERE application_id = $1 AND stream_position < $6`,
    [applicationId, status, iysCode ?? null, by, reason ?? null, position],
  );
}

async function addBrand(tx: SqlExecutor, iysCode: number, brandCode: number, name: string, master: boolean): Promise<void> {
  await tx.query(
    `INSERT INTO service_provider.brands (brand_code, iys_code, name, master) VALUES ($1, $2, $3, $4) ON CONFLICT (brand_code) DO NOTHING`,
    [brandCode, iysCode, name, master],
  );
}
