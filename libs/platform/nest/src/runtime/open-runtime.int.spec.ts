import { describe, expect, it } from '@jest/globals';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { loadConfig } from '@iys/platform/config';
import { DatabaseStartError } from '@iys/platform/database';
import { eventStoreMigrations } from '@iys/platform/event-store';
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
});
