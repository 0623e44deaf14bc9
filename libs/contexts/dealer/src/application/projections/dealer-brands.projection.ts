import { ServiceProviderContracts } from '@iys/contracts';
import type { SqlExecutor } from '@iys/platform/database';
import type { ProjectionDefinition, RecordedEvent } from '@iys/platform/event-store';

const { PROVIDER_APPROVED, BRAND_ADDED, BRAND_DEACTIVATED } = ServiceProviderContracts;

/**
 * Which active brand belongs to which provider (from the service-provider context's published
 * events): retailers are added only to a provider's own active brand (H195). Async (docs/adr/0052); a
 * brand not found is looked up again once caught up, so one approved a moment ago takes retailers.
 */
export const dealerBrandsProjection: ProjectionDefinition = {
  name: 'dealer.brands',
  version: 1,
  eventTypes: [PROVIDER_APPROVED, BRAND_ADDED, BRAND_DEACTIVATED],
  async handle(events: RecordedEvent[], tx: SqlExecutor) {
    for (const event of events) {
      if (event.type === BRAND_DEACTIVATED) {
        await tx.query('UPDATE dealer.brands SET active = false WHERE brand_code = $1', [(event.data as unknown as ServiceProviderContracts.BrandDeactivated).brandCode]);
        continue;
      }
      const added =
        event.type === PROVIDER_APPROVED
          ? (event.data as unknown as ServiceProviderContracts.ProviderApproved).brands.map((b) => b.brandCode)
          : [(event.data as unknown as ServiceProviderContracts.BrandAdded).brandCode];
      await tx.query(`INSERT INTO dealer.brands (brand_code, iys_code) SELECT unnest($1::int[]), $2 ON CONFLICT (brand_code) DO NOTHING`, [
        added,
        (event.data as { iysCode: number }).iysCode,
      ]);
    }
  },
  async reset(tx: SqlExecutor) {
    await tx.query('TRUNCATE dealer.brands');
  },
};
