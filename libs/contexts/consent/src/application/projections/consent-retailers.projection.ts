import { DealerContracts } from '@iys/contracts';
import type { SqlExecutor } from '@iys/platform/database';
import type { ProjectionDefinition, RecordedEvent } from '@iys/platform/event-store';

/**
 * The retailers each brand has, from the dealer context's published events: RA1–RA5 refuse an
 * unknown retailer (H180) and the retailer view checks its own status here. Async (docs/adr/0052),
 * read once caught up: a retailer added a moment ago can be granted at once and a deleted one loses
 * its view on its next request.
 */
export const consentRetailersProjection: ProjectionDefinition = {
  name: 'consent.retailers',
  version: 1,
  eventTypes: DealerContracts.RETAILER_DIRECTORY_EVENTS,
  async handle(events: RecordedEvent[], tx: SqlExecutor) {
    for (const event of events) {
      if (event.type === DealerContracts.RETAILER_DELETED) {
        await tx.query('DELETE FROM consent.retailers WHERE retailer_code = $1', [(event.data as unknown as DealerContracts.RetailerDeleted).retailerCode]);
        continue;
      }
      const data = event.data as unknown as DealerContracts.RetailerRegistered;
      await tx.query(
        `INSERT INTO consent.retailers (retailer_code, iys_code, brand_code, status) VALUES ($1, $2, $3, $4)
         ON CONFLICT (retailer_code) DO UPDATE SET status = EXCLUDED.status`,
        [data.retailerCode, data.iysCode, data.brandCode, data.status],
      );
    }
  },
  async reset(tx: SqlExecutor) {
    await tx.query('TRUNCATE consent.retailers');
  },
};
