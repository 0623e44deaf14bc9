import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ServiceProviderContracts } from '@iys/contracts';
import { FixedClock } from '@iys/platform/building-blocks';
import { eventStoreMigrations, PostgresEventStore, ProjectionRunner } from '@iys/platform/event-store';
import { outboxMigrations } from '@iys/platform/outbox';
import { sharedPoolDriver } from '@iys/platform/database';
import { createTestDatabase, type TestDatabase } from '@iys/platform/testing';
import { DataSource } from 'typeorm';
import type { ComplaintFiled } from '../domain/complaint.events.js';
import { complaintMigrations } from '../index.js';
import { AuthorityScopeRecord, ComplaintRecord } from '../infrastructure/read-models/complaint.record.js';
import { TypeOrmComplaintRecords } from '../infrastructure/read-models/typeorm-complaint-records.repository.js';
import { ComplaintAccess } from './complaint-access.js';
import { complaintNoticesProjection } from './projections/complaint-notices.projection.js';
import { complaintsProjection } from './projections/complaints.projection.js';
import { providerContactsProjection } from './projections/provider-contacts.projection.js';

const SP = ServiceProviderContracts;
const sealed = { $enc: 'v1', kid: 'k', iv: 'i', ct: 'c', tag: 't' };

/**
 * The provider's contact is an async read model of service-provider's events (docs/adr/0052); no
 * daemon runs here. A defense requested right after the provider's approval still reaches it:
 * the write that notifies the provider brings the contact up to date first.
 */
describe('ComplaintAccess: a provider approved a moment ago is notified of a defense request (real PostgreSQL)', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let access: ComplaintAccess;
  let dataSource: DataSource;
  const clock = new FixedClock(new Date('2026-03-02T07:00:00.000Z'));

  beforeAll(async () => {
    db = await createTestDatabase([...eventStoreMigrations, ...outboxMigrations, ...complaintMigrations]);
    store = new PostgresEventStore({ pool: db.pool, clock, inlineProjections: [complaintsProjection({ shred: async () => undefined }), complaintNoticesProjection] });
    const runner = new ProjectionRunner(db.pool, store);
    await runner.register(providerContactsProjection);
    dataSource = await new DataSource({ type: 'postgres', driver: sharedPoolDriver(db.pool), entities: [ComplaintRecord, AuthorityScopeRecord] }).initialize();
    const records = new TypeOrmComplaintRecords(dataSource.getRepository(ComplaintRecord), dataSource.getRepository(AuthorityScopeRecord));
    access = new ComplaintAccess(store, records, clock, runner);
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  it('queues the defense-request notice at the signatory registered with the application', async () => {
    const [applicationId, signatory, complaintId] = [randomUUID(), randomUUID(), randomUUID()];
    const iysCode = 740001;
    const publish = (type: string, data: object) =>
      store.append({ streamId: `serviceProvider-${applicationId}`, expectedVersion: 'any', events: [{ type, data: { ...data }, metadata: { actorKind: 'admin', actorId: 'u-1', channel: 'api' } }] });
    await publish(SP.APPLICATION_SUBMITTED, { applicationId, title: 'Örnek A.Ş.', signatory: { subjectId: signatory, email: sealed } } satisfies ServiceProviderContracts.ApplicationSubmitted);
    await publish(SP.PROVIDER_APPROVED, { applicationId, iysCode, brands: [{ brandCode: 750001, name: 'Örnek', master: true }], activationDate: '2026-01-01T00:00:00.000Z' } satisfies ServiceProviderContracts.ProviderApproved);

    const now = clock.now().toISOString();
    const complaint: ComplaintFiled['data'] = {
      complaintId,
      accountId: randomUUID(),
      recipientId: randomUUID(),
      address: sealed,
      addressKind: 'phone',
      channel: 'MESAJ',
      recipientType: 'BIREYSEL',
      senderId: 'ORNEK',
      senderAsSeen: sealed,
      rawHeaders: null,
      brandCode: null,
      brandText: null,
      messageAt: '2026-03-01T08:00:00.000Z',
      content: sealed,
      gsmOperator: 'TURKCELL',
      province: 34,
      residence: null,
      nationalId: null,
      mersis: null,
      subjects: ['REJECTED_STILL_RECEIVING'],
      declaredTransactional: false,
      filedVia: 'web',
      checkedFirst: true,
      agentId: null,
      filedAt: now,
    };
    const metadata = { actorKind: 'authority' as const, actorId: 'auth-1', channel: 'api' };
    await access.write(complaintId, { type: 'FileComplaint', complaint, now }, metadata);
    await access.write(complaintId, { type: 'ResolveSender', iysCode, brandCode: 750001, by: 'authority', byUserId: 'auth-1', now }, metadata);
    await access.write(complaintId, { type: 'RequestDefense', deadline: '2026-03-09T07:00:00.000Z', byUserId: 'auth-1', now }, metadata);

    const { rows } = await db.pool.query<{ recipient_id: string; channel: string }>(
      `SELECT recipient_id, channel FROM outbox.messages WHERE template = 'complaint.defense-requested.email'`,
    );
    expect(rows).toEqual([{ recipient_id: signatory, channel: 'email' }]);
    // The read model's row, through the TypeORM repository: typed as the projection wrote it.
    const row = await access.forProvider(iysCode, complaintId);
    expect(row).toMatchObject({ complaint_id: complaintId, status: 'DEFENSE_REQUESTED', iys_code: iysCode, brand_code: 750001, subjects: ['REJECTED_STILL_RECEIVING'], fine_amount: null });
    expect(row.defense_deadline).toEqual(new Date('2026-03-09T07:00:00.000Z'));
    await expect(access.forProvider(iysCode + 1, complaintId)).rejects.toMatchObject({ code: 'H774' });
  });
});
