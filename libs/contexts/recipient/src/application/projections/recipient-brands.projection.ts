import { ServiceProviderContracts } from '@iys/contracts';
import type { SqlExecutor } from '@iys/platform/database';
import type { ProjectionDefinition } from '@iys/platform/event-store';
import { brandKey } from '../../domain/sms-command.js';

/**
 * The brands a recipient may see and name: brand name, its folded key (what `RET <BRAND>` is matched
 * on) and the provider's title. Built from the service-provider context's published events; async
 * (docs/adr/0052): readers look a missing brand up again once it has caught up. A deactivated brand stays: its consents remain visible.
 */
export const recipientBrandsProjection: ProjectionDefinition = {
  name: 'recipient.brands',
  version: 1,
  eventTypes: [ServiceProviderContracts.APPLICATION_SUBMITTED, ServiceProviderContracts.PROVIDER_APPROVED, ServiceProviderContracts.BRAND_ADDED],
  async handle(events, tx: SqlExecutor) {
    for (const event of events) {
      switch (event.type) {
        case ServiceProviderContracts.APPLICATION_SUBMITTED: {
          const data = event.data as unknown as ServiceProviderContracts.ApplicationSubmitted;
          await tx.query('INSERT INTO recipient.applications (application_id, title) VALUES ($1, $2) ON CONFLICT DO NOTHING', [data.applicationId, data.title]);
          break;
        }
        case ServiceProviderContracts.PROVIDER_APPROVED: {
          const data = event.data as unknown as ServiceProviderContracts.ProviderApproved;
          for (const brand of data.brands) {
            await tx.query(
              `INSERT INTO recipient.brands (brand_code, iys_code, brand_name, brand_key, provider_title)
               VALUES ($1, $2, $3, $4, (SELECT title FROM recipient.applications WHERE application_id = $5)) ON CONFLICT (brand_code) DO NOTHING`,
              [brand.brandCode, data.iysCode, brand.name, brandKey(brand.name), data.applicationId],
            );
          }
          break;
        }
        case ServiceProviderContracts.BRAND_ADDED: {
          const data = event.data as unknown as ServiceProviderContracts.BrandAdded;
          await tx.query(
            `INSERT INTO recipient.brands (brand_code, iys_code, brand_name, brand_key, provider_title)
             VALUES ($1, $2, $3, $4, (SELECT provider_title FROM recipient.brands WHERE iys_code = $2 LIMIT 1)) ON CONFLICT (brand_code) DO NOTHING`,
            [data.brandCode, data.iysCode, data.name, brandKey(data.name)],
          );
          break;
        }
      }
    }
  },
  async reset(tx) {
    await tx.query('TRUNCATE recipient.brands, recipient.applications');
  },
};
