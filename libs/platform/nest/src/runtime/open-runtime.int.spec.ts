import { describe, expect, it } from '@jest/globals';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { loadConfig } from '@iys/platform/config';
import { DatabaseStartError, readContext } from '@iys/platform/database';
import { eventStoreMigrations } from '@iys/platform/event-store';
import { waitUntil } from '@iys/platform/testing';
import { openRuntime } from './open-runtime.js';

describe('openRuntime', () => {
  it('names the unreachable database without its credentials', async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'iys-runtime-'));
    try {
      const config = loadConfig({ DATABASE_URL: 'postgres://iys:secret-password@127.0.0.1:1/iys', IYS_DATA_DIR: dataDir });
      const error = await openRuntime(config, pino({ level: 'silent' }), {
        migrations: eventStoreMigrations,
        runProjections: false,
        applicationName: 'test',
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DatabaseStartError);
      expect((error as Error).message).toMatch(/^Cannot prepare the database at 127\.0\.0\.1:1\/iys: /);
      expect((error as Error).message).not.toContain('secret-password');
    } finally {
      await fs.rm(dataDir, { recursive: true, force: true });
    }
  });

  it('starts an embedded hot standby beside the embedded primary with IYS_EMBEDDED_REPLICAS=1, and reads from it', async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'iys-runtime-'));
    await fs.chmod(dataDir, 0o755);
    const config = loadConfig({ IYS_DATA_DIR: dataDir, IYS_EMBEDDED_REPLICAS: '1' });
    const runtime = await openRuntime(config, pino({ level: 'silent' }), { migrations: eventStoreMigrations, runProjections: false, applicationName: 'test' });
    try {
      const router = runtime.readRouter!;
      await waitUntil(async () => (await router.checkNow(), router.status()), (replicas) => replicas.length === 1 && replicas[0].inRotation);
      // The standby holds the migrated schema, and a replica read is answered by it.
      const { rows } = await readContext.run({ replicaRead: true }, () => router.reads.query<{ standby: boolean; events: number }>('SELECT pg_is_in_recovery() AS standby, count(*)::int AS events FROM event_store.events'));
      expect(rows[0]).toEqual({ standby: true, events: 0 });
    } finally {
      await runtime.close();
      await fs.rm(dataDir, { recursive: true, force: true });
    }
  });
});
