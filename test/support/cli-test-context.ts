import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { loadConfig } from '@iys/platform/config';
import type { PlatformRuntime } from '@iys/platform/nest';
import { PiiVault } from '@iys/platform/pii';
import { createTestDatabase, type TestDatabase } from '@iys/platform/testing';
import { allMigrations } from '@iys/composition';
import { createCliApplication, type CliApplication } from '../../apps/cli/src/cli.module.js';

/** The CLI's Nest context on a fresh test database, as `npm run cli` builds it (no background work). */
export async function startCliForTests(instanceId: string, env: NodeJS.ProcessEnv = {}): Promise<{ db: TestDatabase; cli: CliApplication; close(): Promise<void> }> {
  const db = await createTestDatabase(allMigrations);
  const runtime: PlatformRuntime = {
    config: loadConfig({ NODE_ENV: 'test', ...env }),
    pool: db.pool,
    vault: new PiiVault({ pool: db.pool, masterKey: randomBytes(32), hmacKey: randomBytes(32) }),
    logger: pino({ level: 'silent' }),
    runProjections: false,
    tokenSigningKey: randomBytes(32),
    instanceId,
  };
  const cli = await createCliApplication(runtime);
  return {
    db,
    cli,
    async close() {
      await cli.close();
      await db.drop();
    },
  };
}
