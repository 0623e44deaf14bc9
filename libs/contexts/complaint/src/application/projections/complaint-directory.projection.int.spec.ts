import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ServiceProviderContracts } from '@iys/contracts';
import { FixedClock } from '@iys/platform/building-blocks';
import { eventStoreMigrations, PostgresEventStore, ProjectionRunner } from '@iys/platform/event-store';
import { createTestDatabase, type TestDatabase } from '@iys/platform/testing';
import { complaintMigrations } from '../../index.js';
import { PostgresSenderRecords } from '../../infrastructure/read-models/postgres-sender-records.js';
import { SenderDirectory } from '../sender-directory.js';
import { complaintDirectoryProjection } from './complaint-directory.projection.js';

const SP = ServiceProviderContracts;
const IYS_CODE = 710001;
const [BRAND, OTHER_BRAND] = [720001, 720002];

/**
 * The complaint side's sender directory, fed only by the service-provider context's published events
 * (appended here as that context appends them): a sender resolves to its provider and brand while it
 * is registered, and no longer once removed. The projection is async and nothing runs it here but
 * the directory's own caught-up read: a sender registered a moment ago resolves at once.
 */
describe('complaint.directory projection: sender identities from the contract events (real PostgreSQL)', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let senders: SenderDirectory;
  const clock = new FixedClock(new Date('2026-03-02T07:00:00.000Z'));
  const publish = (type: string, data: object) =>
    store.append({ streamId: `senderIdentity-${randomUUID()}`, expectedVersion: 'no_stream', events: [{ type, data: { ...data }, metadata: { actorKind: 'service-provider', actorId: 'u-1', channel: 'api' } }] });

  beforeAll(async () => {
    db = await createTestDatabase([...eventStoreMigrations, ...complaintMigrations]);
    store = new PostgresEventStore({ pool: db.pool, clock });
    const runner = new ProjectionRunner(db.pool, store);
    await runner.register(complaintDirectoryProjection);
    senders = new SenderDirectory(new PostgresSenderRecords(db.pool), runner);
    const approved: ServiceProviderContracts.ProviderApproved = {
      applicationId: randomUUID(),
      iysCode: IYS_CODE,
      brands: [
        { brandCode: BRAND, name: 'Örnek', master: true },
        { brandCode: OTHER_BRAND, name: 'Örnek Express', master: false },
      ],
      activationDate: '2026-01-01T00:00:00.000Z',
    };
    await publish(SP.PROVIDER_APPROVED, approved);
  });
  afterAll(async () => db?.drop());

  it('resolves a registered SMS header, calling number and e-mail domain to their brand', async () => {
    await publish(SP.SENDER_REGISTERED, { iysCode: IYS_CODE, brandCode: BRAND, channel: 'MESAJ', senderId: 'ORNEK' } satisfies ServiceProviderContracts.SenderRegistered);
    await publish(SP.SENDER_REGISTERED, { iysCode: IYS_CODE, brandCode: OTHER_BRAND, channel: 'ARAMA', senderId: '+902125551234' } satisfies ServiceProviderContracts.SenderRegistered);
    await publish(SP.SENDER_REGISTERED, { iysCode: IYS_CODE, brandCode: BRAND, channel: 'EPOSTA', senderId: 'kampanya.ornek.com.tr' } satisfies ServiceProviderContracts.SenderRegistered);
    expect(await senders.resolve('MESAJ', 'ORNEK')).toEqual({ iysCode: IYS_CODE, brandCode: BRAND });
    expect(await senders.resolve('ARAMA', '+902125551234')).toEqual({ iysCode: IYS_CODE, brandCode: OTHER_BRAND });
    expect(await senders.resolve('EPOSTA', 'kampanya.ornek.com.tr')).toEqual({ iysCode: IYS_CODE, brandCode: BRAND });
    // The channel is part of the identity: a header is no calling number.
    expect(await senders.resolve('ARAMA', 'ORNEK')).toBeUndefined();
    expect(await senders.resolve('MESAJ', 'BILINMEYEN')).toBeUndefined();
    expect(await senders.brand(OTHER_BRAND)).toEqual({ iysCode: IYS_CODE, brandCode: OTHER_BRAND, brandName: 'Örnek Express' });
  });

  it('forgets a removed sender, and a replay of the log gives the same table', async () => {
    await publish(SP.SENDER_REMOVED, { iysCode: IYS_CODE, brandCode: BRAND, channel: 'MESAJ', senderId: 'ORNEK' } satisfies ServiceProviderContracts.SenderRemoved);
    expect(await senders.resolve('MESAJ', 'ORNEK')).toBeUndefined();
    const before = await db.pool.query('SELECT * FROM complaint.senders ORDER BY channel, sender_id');
    await complaintDirectoryProjection.handle(await store.readAll({ limit: 1000 }), db.pool);
    expect((await db.pool.query('SELECT * FROM complaint.senders ORDER BY channel, sender_id')).rows).toEqual(before.rows);
    expect(before.rows).toHaveLength(2);
  });
});
