import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '@iys/platform/testing';
import { sharedPoolDriver } from './shared-pool-driver.js';

describe('TypeORM on the registry’s one pool (real PostgreSQL)', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase([]);
  });
  afterAll(() => db?.drop());

  it('queries through the pool it is given, opens none of its own, and leaves the pool open when destroyed', async () => {
    const dataSource = new DataSource({ type: 'postgres', driver: sharedPoolDriver(db.pool), synchronize: false });
    await dataSource.initialize();
    const master = (dataSource.driver as unknown as { master: { options: unknown } }).master;
    expect(master.options).toBe((db.pool as unknown as { options: unknown }).options);

    // Ten queries at once from TypeORM are served by the registry's pool: its clients, its limit.
    const pids = await Promise.all(Array.from({ length: 10 }, () => dataSource.query('SELECT pg_backend_pid() AS pid, pg_sleep(0.01)')));
    expect(db.pool.totalCount).toBeGreaterThan(0);
    expect(new Set(pids.map(([row]: { pid: number }[]) => row.pid)).size).toBeLessThanOrEqual(db.pool.options.max);

    await dataSource.destroy();
    // The pool belongs to the process that opened it: still usable after TypeORM is gone.
    expect((await db.pool.query<{ one: number }>('SELECT 1 AS one')).rows[0].one).toBe(1);
  });
});
