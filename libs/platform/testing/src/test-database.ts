import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createPool, runMigrations, type MigrationClass } from '@iys/platform/database';

export interface TestDatabase {
  url: string;
  name: string;
  pool: pg.Pool;
  /** A superuser connection for tests that must bypass the application's guards (tampering). */
  adminQuery(text: string, params?: unknown[]): Promise<pg.QueryResult>;
  drop(): Promise<void>;
}

/**
 * A fresh database for one spec file on the run's PostgreSQL, migrated with the given migrations.
 * Tests only ever create, use and drop databases named `iys_test_…`, so even a DATABASE_URL that
 * points at a real server never touches an existing database; production configuration is refused.
 */
export async function createTestDatabase(migrations: MigrationClass[], poolSize = 8): Promise<TestDatabase> {
  const adminUrl = process.env.IYS_TEST_ADMIN_URL;
  if (!adminUrl) throw new Error('IYS_TEST_ADMIN_URL is not set: run tests through jest (global-setup starts PostgreSQL)');
  if (process.env.NODE_ENV === 'production') throw new Error('refusing to create test databases with NODE_ENV=production');
  const name = `iys_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();

  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  await runMigrations(url.toString(), migrations);
  const pool = createPool({ url: url.toString(), size: poolSize, applicationName: 'iys-test' });
  return {
    url: url.toString(),
    name,
    pool,
    async adminQuery(text, params) {
      const client = new pg.Client({ connectionString: url.toString() });
      await client.connect();
      try {
        return await client.query(text, params);
      } finally {
        await client.end();
      }
    },
    async drop() {
      await pool.end();
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}
