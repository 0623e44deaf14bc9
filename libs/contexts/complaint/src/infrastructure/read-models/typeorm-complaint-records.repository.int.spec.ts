import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { sharedPoolDriver } from '@iys/platform/database';
import { eventStoreMigrations } from '@iys/platform/event-store';
import { outboxMigrations } from '@iys/platform/outbox';
import { createTestDatabase, type TestDatabase } from '@iys/platform/testing';
import type { QueueScope } from '../../application/complaint-records.port.js';
import type { QueueFilter } from '../../application/queries/list-complaint-queue/list-complaint-queue.query.js';
import { complaintMigrations } from '../../index.js';
import { AuthorityScopeRecord, ComplaintRecord } from './complaint.record.js';
import { TypeOrmComplaintRecords } from './typeorm-complaint-records.repository.js';

/** The complaint queue through the TypeORM repository (ADR 0049), on the context's own table and indexes. */
describe('TypeOrmComplaintRecords: the queue page (real PostgreSQL)', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let records: TypeOrmComplaintRecords;
  const ids = { a: randomUUID(), b: randomUUID(), c: randomUUID(), d: randomUUID() };
  const page = (filter: Partial<QueueFilter>): QueueFilter => ({ offset: 0, limit: 10, ...filter });
  const idsOf = (rows: { complaint_id: string }[]) => rows.map((row) => row.complaint_id);

  beforeAll(async () => {
    db = await createTestDatabase([...eventStoreMigrations, ...outboxMigrations, ...complaintMigrations]);
    dataSource = await new DataSource({ type: 'postgres', driver: sharedPoolDriver(db.pool), entities: [ComplaintRecord, AuthorityScopeRecord] }).initialize();
    records = new TypeOrmComplaintRecords(dataSource.getRepository(ComplaintRecord), dataSource.getRepository(AuthorityScopeRecord));
    const rows: [string, number, number | null, string, string, string][] = [
      // id, province, iys_code, status, filed_at, message_at
      [ids.a, 34, 700001, 'RECEIVED', '2026-03-01T08:00:00Z', '2026-02-28T08:00:00Z'],
      [ids.b, 34, 700002, 'DECIDED', '2026-03-02T08:00:00Z', '2026-02-27T08:00:00Z'],
      [ids.c, 6, 700001, 'RECEIVED', '2026-03-03T08:00:00Z', '2026-02-26T08:00:00Z'],
      [ids.d, 34, null, 'RECEIVED', '2026-03-04T08:00:00Z', '2026-02-25T08:00:00Z'],
    ];
    for (const [id, province, iysCode, status, filedAt, messageAt] of rows) {
      await db.pool.query(
        `INSERT INTO complaint.complaints (complaint_id, account_id, recipient_id, address, address_kind, channel, recipient_type, sender_id, iys_code, brand_code,
           message_at, province, status, subjects, filed_via, checked_first, fine_amount, filed_at, updated_at, version)
         VALUES ($1, $2, $3, '{}', 'phone', 'MESAJ', 'BIREYSEL', 'HEADER', $4, $5, $6, $7, $8, '{OTHER}', 'web', false, $9, $10, $10, 1)`,
        [id, randomUUID(), randomUUID(), iysCode, iysCode === null ? null : iysCode + 1000, messageAt, province, status, status === 'DECIDED' ? '12500.50' : null, filedAt],
      );
    }
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  it('keeps the scope: a filter narrows it, never widens it', async () => {
    expect(idsOf((await records.page({ province: 34 }, page({}))).rows)).toEqual([ids.d, ids.b, ids.a]);
    expect(idsOf((await records.page({ province: 34 }, page({ province: 6 }))).rows)).toEqual([]);
    expect(idsOf((await records.page({ iysCode: 700001 }, page({}))).rows)).toEqual([ids.c, ids.a]);
    expect(idsOf((await records.page({}, page({ iysCode: 700001, status: 'RECEIVED', province: 6 }))).rows)).toEqual([ids.c]);
  });

  it('filters by filing time, sorts, and says whether another page follows', async () => {
    expect(idsOf((await records.page({}, page({ from: '2026-03-02T00:00:00Z', to: '2026-03-04T00:00:00Z' }))).rows)).toEqual([ids.c, ids.b]);
    expect(idsOf((await records.page({}, page({ sort: 'filedAt' }))).rows)).toEqual([ids.a, ids.b, ids.c, ids.d]);
    expect(idsOf((await records.page({}, page({ sort: 'messageDate' }))).rows)).toEqual([ids.d, ids.c, ids.b, ids.a]);
    const first = await records.page({}, page({ limit: 3 }));
    expect({ ids: idsOf(first.rows), more: first.more }).toEqual({ ids: [ids.d, ids.c, ids.b], more: true });
    const last = await records.page({}, page({ limit: 3, offset: 3 }));
    expect({ ids: idsOf(last.rows), more: last.more }).toEqual({ ids: [ids.a], more: false });
  });

  it('reads every filing-time page from an index in the sort\'s order: no Sort node, in either direction', async () => {
    const shapes: [QueueScope, Partial<QueueFilter>][] = [
      [{}, {}],
      [{}, { assessment: 'LIKELY_VIOLATION', offset: 20 }],
      [{ province: 34 }, {}],
      [{ province: 34 }, { status: 'RECEIVED' }],
      [{ iysCode: 700001 }, {}],
    ];
    const client = await db.pool.connect();
    try {
      // A four-row table is read whole and sorted otherwise: leave the planner only index scans.
      await client.query('BEGIN');
      await client.query('SET LOCAL enable_seqscan = off');
      await client.query('SET LOCAL enable_bitmapscan = off');
      for (const [scope, filter] of shapes) {
        for (const sort of ['-filedAt', 'filedAt'] as const) {
          const [sql, parameters] = records.pageQuery(scope, page({ ...filter, sort })).getQueryAndParameters();
          const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, parameters);
          const plan = rows.map((row) => row['QUERY PLAN']).join('\n');
          expect({ scope, filter, sort, sorted: /Sort/.test(plan) }).toEqual({ scope, filter, sort, sorted: false });
        }
      }
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  });

  it('reads a row with the types the views expect', async () => {
    const row = await records.byId(ids.b);
    expect(row).toMatchObject({ complaint_id: ids.b, province: 34, iys_code: 700002, fine_amount: '12500.50', subjects: ['OTHER'], inspector_id: null });
    expect(row!.filed_at).toEqual(new Date('2026-03-02T08:00:00Z'));
    expect(await records.byId(randomUUID())).toBeUndefined();
    // A page's rows are raw rows (no entities): every column, with the same values and types as the entity's.
    const [paged] = (await records.page({}, page({ status: 'DECIDED' }))).rows;
    expect(Object.getPrototypeOf(paged)).toBe(Object.prototype);
    expect({ ...paged }).toStrictEqual({ ...row! });
    expect(await records.authorityScope(randomUUID())).toBeUndefined();
  });
});
