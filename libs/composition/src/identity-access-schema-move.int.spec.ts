import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runMigrations, type MigrationClass } from '@iys/platform/database';
import { createTestDatabase, type TestDatabase } from '@iys/platform/testing';
import { allMigrations } from './index.js';

// Every migration carries its timestamp at the end of its class name.
const MOVE = 1732300045000;
const timestampOf = (migration: MigrationClass) => Number(/(\d{13})$/.exec(migration.name)?.[1]);

const USER = '00000000-0000-4000-8000-0000000000a1';
const SESSION = '00000000-0000-4000-8000-0000000000b1';

describe('migration 1732300045000: accounts and sessions move to the identity_access schema', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(allMigrations.filter((migration) => timestampOf(migration) < MOVE));
  });
  afterAll(() => db?.drop());

  it('keeps every row, index and the read model checkpoint, and leaves nothing in service_provider', async () => {
    expect(allMigrations.some((migration) => timestampOf(migration) === MOVE)).toBe(true);
    await db.pool.query(
      `INSERT INTO service_provider.users (user_id, username, role, iys_code, password_hash, integrator_code, allowed_ips, operator_code)
       VALUES ($1, 'Ornek-Api', 'provider', 700001, 'scrypt$x', NULL, '{10.0.0.1}', NULL)`,
      [USER],
    );
    await db.pool.query(
      `INSERT INTO service_provider.sessions (session_id, user_id, refresh_token_hash, refresh_expires_at, version) VALUES ($1, $2, 'now', '2026-12-07T12:00:00Z', 2)`,
      [SESSION, USER],
    );
    await db.pool.query(`INSERT INTO service_provider.retired_refresh_tokens (refresh_token_hash, session_id) VALUES ('before', $1)`, [SESSION]);
    await db.pool.query(`INSERT INTO event_store.projection_checkpoints (projection_name, projection_version, status) VALUES ('service-provider.api-access', 1, 'active')`);

    await runMigrations(db.url, allMigrations);

    expect((await db.pool.query('SELECT user_id, username, allowed_ips FROM identity_access.users')).rows).toEqual([{ user_id: USER, username: 'Ornek-Api', allowed_ips: ['10.0.0.1'] }]);
    expect((await db.pool.query('SELECT session_id, refresh_token_hash, version FROM identity_access.sessions')).rows).toEqual([{ session_id: SESSION, refresh_token_hash: 'now', version: 2 }]);
    expect((await db.pool.query('SELECT refresh_token_hash FROM identity_access.retired_refresh_tokens')).rows).toEqual([{ refresh_token_hash: 'before' }]);
    const { rows: tables } = await db.pool.query(`SELECT to_regclass('service_provider.users') AS users, to_regclass('service_provider.sessions') AS sessions, to_regclass('service_provider.retired_refresh_tokens') AS retired`);
    expect(tables).toEqual([{ users: null, sessions: null, retired: null }]);
    // The case-insensitive unique user name moved with its table: a duplicate append still fails on it.
    await expect(
      db.pool.query(`INSERT INTO identity_access.users (user_id, username, role, password_hash) VALUES ('00000000-0000-4000-8000-0000000000a2', 'ORNEK-API', 'admin', 'x')`),
    ).rejects.toMatchObject({ constraint: 'users_username_unique' });
    expect((await db.pool.query(`SELECT projection_name, status FROM event_store.projection_checkpoints WHERE projection_name LIKE '%api-access'`)).rows).toEqual([
      { projection_name: 'identity-access.api-access', status: 'active' },
    ]);
  });
});
