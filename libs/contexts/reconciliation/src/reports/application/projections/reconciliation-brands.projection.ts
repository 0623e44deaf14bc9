import { ServiceProviderContracts } from '@iys/contracts';
import type { SqlExecutor } from '@iys/platform/database';
import type { ProjectionDefinition, RecordedEvent } from '@iys/platform/event-store';

const { PROVIDER_APPROVED, BRAND_ADDED } = ServiceProviderContracts;

/**
 * Which brand belongs to which provider, from the service-provider context's published events, so a
 * provider reconciles only its own brands (H195). A deactivated brand keeps its past days, so
 * deactivation is not projected. Async (docs/adr/0052): a brand not found is looked up again once caught up.
 */
export const reconciliationBrandsProjection: ProjectionDefinition = {
  name: 'reconciliation.brands',
  version: 1,
  eventTypes: [PROVIDER_APPROVED, BRAND_ADDED],
  async handle(events: RecordedEvent[], tx: SqlExecutor) {
    const brands: { brandCode: number; iysCode: number }[] = [];
    for (const event of events) {
      if (event.type === PROVIDER_APPROVED) {
        const data = event.data as unknown as ServiceProviderContracts.ProviderApproved;
        for (const brand of data.brands) brands.push({ brandCode: brand.brandCode, iysCode: data.iysCode });
      } else if (event.type === BRAND_ADDED) {
        const data = event.data as unknown as ServiceProviderContracts.BrandAdded;
        brands.push({ brandCode: data.brandCode, iysCode: data.iysCode });
      }
    }
    if (brands.length === 0) return;
    await tx.query(
      `INSERT INTO reconciliation.brands (brand_code, iys_code)
       SELECT * FROM unnest($1::int[], $2::int[]) ON CONFLICT (brand_code) DO NOTHING`,
      [brands.map((b) => b.brandCode), brands.map((b) => b.iysCode)],
    );
  },
  async reset(tx: SqlExecutor) {
    await tx.query('TRUNCATE reconciliation.brands');
  },
};
