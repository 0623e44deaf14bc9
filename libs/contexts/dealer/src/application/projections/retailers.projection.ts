import { ConsentContracts } from '@iys/contracts';
import type { SqlExecutor } from '@iys/platform/database';
import { toDomainEvent, type ProjectionDefinition, type RecordedEvent } from '@iys/platform/event-store';
import type { RetailerEvent } from '../../domain/retailer.events.js';

/**
 * Retailers as R2/R3 show them, with the two facts that come from the consent side (published
 * access events): how many consents each may use now, and whether any consent ever named it (R4).
 * Inline: a delete right after a grant is refused by the same database state the grant wrote.
 */
export const retailersProjection: ProjectionDefinition = {
  name: 'dealer.retailers',
  version: 1,
  inline: true,
  eventTypes: ['dealer.RetailerRegistered', 'dealer.RetailerDeleted', ...ConsentContracts.RETAILER_ACCESS_EVENTS],
  async handle(events: RecordedEvent[], tx: SqlExecutor) {
    for (const recorded of events) {
      if ((ConsentContracts.RETAILER_ACCESS_EVENTS as readonly string[]).includes(recorded.type)) {
        const data = recorded.data as unknown as ConsentContracts.RetailerAccessChanged;
        const delta = recorded.type === ConsentContracts.RETAILER_ACCESS_GRANTED ? 1 : -1;
        await tx.query(
          `UPDATE dealer.retailers SET access_count = greatest(access_count + $2, 0), ever_associated = true WHERE retailer_code = ANY($1::int[])`,
          [data.retailerCodes, delta],
        );
        continue;
      }
      const event = toDomainEvent<RetailerEvent>(recorded);
      if (event.type === 'dealer.RetailerDeleted') {
        await tx.query('DELETE FROM dealer.retailers WHERE retailer_code = $1', [event.data.retailerCode]);
        continue;
      }
      const r = event.data;
      await tx.query(
        `INSERT INTO dealer.retailers (retailer_code, iys_code, brand_code, title, mersis, alias, authorised_person, city, town, status)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (retailer_code) DO NOTHING`,
        [r.retailerCode, r.iysCode, r.brandCode, r.title, r.mersis, r.alias, JSON.stringify(r.authorisedPerson), JSON.stringify(r.city), JSON.stringify(r.town), r.status],
      );
    }
  },
  async reset(tx: SqlExecutor) {
    await tx.query('TRUNCATE dealer.retailers');
  },
};
