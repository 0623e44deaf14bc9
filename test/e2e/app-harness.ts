import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { pino, type Logger } from 'pino';
import type { Clock } from '@iys/platform/building-blocks';
import { loadConfig } from '@iys/platform/config';
import { ReadRouter } from '@iys/platform/database';
import { PiiVault } from '@iys/platform/pii';
import { createReplicatedTestDatabase, createTestDatabase, type RunningStandby, type TestDatabase } from '@iys/platform/testing';
import { afterAll, afterEach } from '@jest/globals';
import type { OpenAPIObject } from '@nestjs/swagger';
import { createHttpApp, openApiDocumentOf } from '../../apps/api/src/http-app.js';
import { OpenApiConformance } from './openapi-conformance.js';
import { allMigrations } from '@iys/composition';

export const TEST_ADMIN = { username: 'registry-admin', password: 'correct horse battery staple' };

/**
 * Every answer of every app started here is checked against the OpenAPI document (docs/adr/0043);
 * a body or status the document does not describe fails the test that received it.
 */
const conformance = new OpenApiConformance();
const failOnViolations = () => {
  const violations = conformance.take();
  if (violations.length > 0) throw new Error(`Answers that drift from the OpenAPI document:\n${[...new Set(violations)].join('\n')}`);
};
afterEach(failOnViolations);
afterAll(failOnViolations);

export interface TestApp {
  app: NestFastifyApplication;
  db: TestDatabase;
  /** With `replicas`: the router the app reads through, and the streaming standby it reads from. */
  readRouter?: ReadRouter;
  standby?: RunningStandby;
  close(): Promise<void>;
}

/**
 * The real HTTP application on its own migrated database, exactly as `npm start` wires it. A
 * FixedClock lets a test record movements on a past day or let a token expire, without waiting.
 */
export async function startTestApp(env: NodeJS.ProcessEnv = {}, { clock, logger, replicas }: { clock?: Clock; logger?: Logger; replicas?: boolean } = {}): Promise<TestApp> {
  // `replicas`: an embedded primary of its own with one streaming standby, read through a router (ADR 0047).
  const replicated = replicas ? await createReplicatedTestDatabase(allMigrations) : undefined;
  const db = replicated ?? (await createTestDatabase(allMigrations));
  const readRouter = replicated ? new ReadRouter({ primary: db.pool, replicaUrls: [replicated.standby.url], checkIntervalMs: 20 }) : undefined;
  await readRouter?.start();
  // Its own data folder: what the app writes there (the outbox's recorded messages) never lands in the repository.
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'iys-e2e-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    IYS_DATA_DIR: dataDir,
    IYS_PROJECTION_POLL_MS: '100',
    IYS_ADMIN_USERNAME: TEST_ADMIN.username,
    IYS_ADMIN_PASSWORD: TEST_ADMIN.password,
    ...env,
  });
  const vault = new PiiVault({ pool: db.pool, masterKey: randomBytes(32), hmacKey: randomBytes(32), clock });
  let document: OpenAPIObject | undefined;
  const app = await createHttpApp({
    config,
    pool: db.pool,
    readRouter,
    vault,
    logger: logger ?? pino({ level: 'silent' }),
    runProjections: config.IYS_RUN_WORKER_IN_API,
    tokenSigningKey: randomBytes(32),
    instanceId: 'e2e',
    clock,
  }, { observeResponses: conformance.observer(() => document) });
  document = openApiDocumentOf(app);
  await app.getHttpAdapter().getInstance().ready();
  return {
    app,
    db,
    readRouter,
    standby: replicated?.standby,
    async close() {
      await app.close();
      await readRouter?.close();
      await db.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
