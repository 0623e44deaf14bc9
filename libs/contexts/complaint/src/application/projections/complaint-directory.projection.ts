import { ServiceProviderContracts } from '@iys/contracts';
import type { SqlExecutor } from '@iys/platform/database';
import type { ProjectionDefinition } from '@iys/platform/event-store';

const SP = ServiceProviderContracts;

/**
 * What complaints need of the service-provider context, from its published events: brands (name,
 * provider, active) and the sender identities brands registered (SMS headers, calling numbers, e-mail
 * domains), which resolve the sender a recipient saw to a provider and brand. Async (another
 * context's streams, docs/adr/0052); SenderDirectory reads it with the caught-up probe, so a sender
 * is resolvable as soon as it is registered.
 */
export const complaintDirectoryProjection: ProjectionDefinition = {
  name: 'complaint.directory',
  version: 1,
  categories: ServiceProviderContracts.STREAMS.categories,
  eventTypes: [SP.PROVIDER_APPROVED, SP.BRAND_ADDED, SP.BRAND_DEACTIVATED, SP.SENDER_REGISTERED, SP.SENDER_REMOVED],
  async handle(events, tx: SqlExecutor) {
    for (const event of events) {
      switch (event.type) {
        case SP.PROVIDER_APPROVED: {
          const data = event.data as unknown as ServiceProviderContracts.ProviderApproved;
          for (const brand of data.brands) await upsertBrand(tx, data.iysCode, brand.brandCode, brand.name);
          break;
        }
        case SP.BRAND_ADDED: {
          const data = event.data as unknown as ServiceProviderContracts.BrandAdded;
          await upsertBrand(tx, data.iysCode, data.brandCode, data.name);
          break;
        }
        case SP.BRAND_DEACTIVATED: {
          const data = event.data as unknown as ServiceProviderContracts.BrandDeactivated;
          await tx.query('UPDATE complaint.brands SET active = false WHERE brand_code = $1', [data.brandCode]);
          break;
        }
        case SP.SENDER_REGISTERED: {
          const data = event.data as unknown as ServiceProviderContracts.SenderRegistered;
          await tx.query(
            'INSERT INTO complaint.senders (channel, sender_id, iys_code, brand_code) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
            [data.channel, data.senderId, data.iysCode, data.brandCode],
          );
          break;
        }
        case SP.SENDER_REMOVED: {
          const data = event.data as unknown as ServiceProviderContracts.SenderRemoved;
          await tx.query('DELETE FROM complaint.senders WHERE channel = $1 AND sender_id = $2 AND brand_code = $3', [data.channel, data.senderId, data.brandCode]);
          break;
        }
      }
    }
  },
  async reset(tx) {
    await tx.query('TRUNCATE complaint.senders, complaint.brands');
  },
};

function upsertBrand(tx: SqlExecutor, iysCode: number, brandCode: number, name: string) {
  return tx.query(
    `INSERT INTO complaint.brands (brand_code, iys_code, brand_name) VALUES ($1, $2, $3)
     ON CONFLICT (brand_code) DO UPDATE SET iys_code = EXCLUDED.iys_code, brand_name = EXCLUDED.brand_name`,
    [brandCode, iysCode, name],
  );
}
