import { ServiceProviderContracts } from '@iys/contracts';
import type { SqlExecutor } from '@iys/platform/database';
import type { ProjectionDefinition, RecordedEvent } from '@iys/platform/event-store';

const { PROVIDER_APPROVED, BRAND_ADDED, BRAND_DEACTIVATED, ACTIVATION_DATE_SET } = ServiceProviderContracts;

/** Notified in the transaction that changes `consent.brands`: whoever remembers a brand forgets it. */
export const CONSENT_BRANDS_CHANNEL = 'iys_consent_brands';

/**
 * Which brand belongs to which provider, and the provider's activation date, projected from the
 * service-provider context's published events. Async (docs/adr/0052); a brand not found is looked
 * up again once caught up, so one approved a moment ago takes consents at once.
 */
export const consentBrandsProjection: ProjectionDefinition = {
  name: 'consent.brands',
  version: 1,
  eventTypes: ServiceProviderContracts.PROVIDER_EVENTS_FOR_BRAND_DIRECTORIES,
  async handle(events: RecordedEvent[], tx: SqlExecutor) {
    for (const event of events) {
      switch (event.type) {
        case PROVIDER_APPROVED: {
          const data = event.data as unknown as ServiceProviderContracts.ProviderApproved;
          for (const brand of data.brands) await upsertBrand(tx, brand.brandCode, data.iysCode, data.activationDate);
          break;
        }
        case BRAND_ADDED: {
          const data = event.data as unknown as ServiceProviderContracts.BrandAdded;
          await tx.query(
            `INSERT INTO consent.brands (brand_code, iys_code, activation_date)
             SELECT $1, $2, coalesce(max(activation_date), now()) FROM consent.brands WHERE iys_code = $2
             ON CONFLICT (brand_code) DO NOTHING`,
            [data.brandCode, data.iysCode],
          );
          break;
        }
        case BRAND_DEACTIVATED: {
          const data = event.data as unknown as ServiceProviderContracts.BrandDeactivated;
          // When, too: the gate judges a past delivery by the brand as it was then.
          await tx.query('UPDATE consent.brands SET active = false, deactivated_at = coalesce(deactivated_at, $2) WHERE brand_code = $1', [data.brandCode, event.recordedAt]);
          break;
        }
        case ACTIVATION_DATE_SET: {
          const data = event.data as unknown as ServiceProviderContracts.ActivationDateSet;
          await tx.query('UPDATE consent.brands SET activation_date = $2 WHERE iys_code = $1', [data.iysCode, data.activationDate]);
          break;
        }
      }
    }
    if (events.length > 0) await tx.query(`SELECT pg_notify('${CONSENT_BRANDS_CHANNEL}', '')`);
  },
  async reset(tx: SqlExecutor) {
    await tx.query('TRUNCATE consent.brands');
    await tx.query(`SELECT pg_notify('${CONSENT_BRANDS_CHANNEL}', '')`);
  },
};

async function upsertBrand(tx: SqlExecutor, brandCode: number, iysCode: number, activationDate: string): Promise<void> {
  await tx.query(
    `INSERT INTO consent.brands (brand_code, iys_code, activation_date) VALUES ($1, $2, $3) ON CONFLICT (brand_code) DO NOTHING`,
    [brandCode, iysCode, activationDate],
  );
}
