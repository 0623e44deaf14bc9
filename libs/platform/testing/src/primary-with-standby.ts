import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runMigrations, startEmbeddedPostgres, startEmbeddedStandby, type MigrationClass, type RunningStandby } from '@iys/platform/database';

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
