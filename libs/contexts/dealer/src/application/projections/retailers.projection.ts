import { ConsentContracts } from '@iys/contracts';
import type { SqlExecutor } from '@iys/platform/database';
import { toDomainEvent, type ProjectionDefinition, type RecordedEvent } from '@iys/platform/event-store';
import type { RetailerEvent } from '../../domain/retailer.events.js';

/**
 * Retailers as R2/R3 show them, with the two facts that come from the consent side (published
 * access events): how many consents each may use now, and whether any consent ever named it (R4).
 * Async, since it follows consent's streams (docs/adr/0052): its readers wait until it has caught up
 * with the log, so a delete right after a grant still sees the grant.
 */
export const retailersProjection: ProjectionDefinition = {
  name: 'dealer.retailers',
  version: 1,
  eventTypes: ['dealer.RetailerRegistered', 'dealer.RetailerDeleted', ...ConsentContracts.RETAILER_ACCESS_EVENTS],
  async handle(events: RecordedEvent[], tx: SqlExecutor) {
    // Access changes are summed per retailer and written in one statement: an RA2 item changes up to
    // 200 codes, a request 100 items. A retailer is registered before any consent can name it, and a
    // deleted one was never named, so applying the sums after the roster events keeps their order.
    const delta = new Map<number, number>();
    for (const recorded of events) {
      if ((ConsentContracts.RETAILER_ACCESS_EVENTS as readonly string[]).includes(recorded.type)) {
        const data = recorded.data as unknown as ConsentContracts.RetailerAccessChanged;
        const step = recorded.type === ConsentContracts.RETAILER_ACCESS_GRANTED ? 1 : -1;
        for (const code of data.retailerCodes) delta.set(code, (delta.get(code) ?? 0) + step);
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
    if (delta.size === 0) return;
    // Rows locked in code order first, so concurrent appends naming the same retailers cannot deadlock.
    const codes = [...delta.keys()].sort((x, y) => x - y);
    await tx.query('SELECT 1 FROM dealer.retailers WHERE retailer_code = ANY($1::int[]) ORDER BY retailer_code FOR UPDATE', [codes]);
    await tx.query(
      `UPDATE dealer.retailers r SET access_count = greatest(r.access_count + n.delta, 0), ever_associated = true
         FROM unnest($1::int[], $2::int[]) AS n(retailer_code, delta)
        WHERE r.retailer_code = n.retailer_code`,
      [codes, codes.map((code) => delta.get(code)!)],
    );
  },
  async reset(tx: SqlExecutor) {
    await tx.query('TRUNCATE dealer.retailers');
  },
};
