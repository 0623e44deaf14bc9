import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createPool, runMigrations, startEmbeddedPostgres, startEmbeddedStandby, type MigrationClass, type RunningStandby } from '@iys/platform/database';
import type { TestDatabase } from './test-database.js';

export type { RunningStandby };

export interface PrimaryWithStandby {
  /** The primary's URL (superuser, database `iys`). */
  primaryUrl: string;
  standby: RunningStandby;
  stop(): Promise<void>;
}

/**
 * A real embedded primary with one streaming hot standby, for specs of the read paths: its own
 * throw-away folder, migrated before the standby is seeded so the standby starts with the schema.
 * The primary commits synchronously (a commit is in the WAL the standby streams when it returns).
 */
export async function startPrimaryWithStandby(migrations: MigrationClass[] = []): Promise<PrimaryWithStandby> {
  const folder = await fs.mkdtemp(path.join(os.tmpdir(), 'iys-replica-test-'));
  await fs.chmod(folder, 0o755);
  const primary = await startEmbeddedPostgres({ dataDir: path.join(folder, 'primary'), database: 'iys', persistent: false, extraFlags: ['-c', 'synchronous_commit=on'] });
  try {
    if (migrations.length > 0) await runMigrations(primary.url, migrations);
    const standby = await startEmbeddedStandby({
      primaryUrl: primary.url,
      primaryClusterDir: primary.clusterDir,
      clusterDir: path.join(folder, 'standby', 'pg'),
      database: 'iys',
      postgresFlags: ['-c', 'fsync=off'],
    });
    return {
      primaryUrl: primary.url,
      standby,
      async stop() {
        await standby.stop();
        await primary.stop();
        await fs.rm(folder, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await primary.stop();
    await fs.rm(folder, { recursive: true, force: true });
    throw error;
  }
}

/**
 * The same pair as a TestDatabase (the shape createTestDatabase gives), for the application's
 * harness: `pool` is the primary's, `drop()` stops both servers and removes their folder.
 */
export async function createReplicatedTestDatabase(migrations: MigrationClass[], poolSize = 8): Promise<TestDatabase & { standby: RunningStandby }> {
  const servers = await startPrimaryWithStandby(migrations);
  const pool = createPool({ url: servers.primaryUrl, size: poolSize, applicationName: 'iys-test' });
  return {
    url: servers.primaryUrl,
    name: 'iys',
    pool,
    standby: servers.standby,
    async adminQuery(text, params) {
      return pool.query(text, params);
    },
    async drop() {
      await pool.end();
      await servers.stop();
    },
  };
}
