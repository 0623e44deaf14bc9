import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type pg from 'pg';
import { pino } from 'pino';
import { loadConfig, type AppConfig } from '@iys/platform/config';
import { createPool, type ReadRouter } from '@iys/platform/database';
import { PiiVault } from '@iys/platform/pii';
import { createHttpApp } from '../../apps/api/src/http-app.js';
import { StatementTimer } from './statement-timer.js';

export const BENCH_ADMIN = { username: 'bench-admin', password: 'bench admin password, long enough' };

export interface AppUnderTest {
  app: NestFastifyApplication;
  config: AppConfig;
  pool: pg.Pool;
  /** The vault the API seals and pseudonymises with (a benchmark seeding read models directly needs its digests). */
  vault: PiiVault;
  port: number;
  timer: StatementTimer;
  close(): Promise<void>;
}

/**
 * The real API on a migrated database, wired as `npm start` wires it (createHttpApp, projections
 * and the batch worker in the process), listening on an ephemeral port of 127.0.0.1. The
 * per-user rate limit is raised so that the benchmark measures the registry, not its limiter.
 * `env` adds settings of the benchmark's own (senders, data folder).
 */
/** Keys two apps on one database must share to serve each other's recipients and tokens. */
export interface AppKeys {
  masterKey: Buffer;
  hmacKey: Buffer;
  tokenSigningKey: Buffer;
}

export const randomAppKeys = (): AppKeys => ({ masterKey: randomBytes(32), hmacKey: randomBytes(32), tokenSigningKey: randomBytes(32) });

export async function startApp(
  url: string,
  logLevel: string,
  env: Record<string, string> = {},
  { keys = randomAppKeys(), readRouter }: { keys?: AppKeys; readRouter?: (primary: pg.Pool) => ReadRouter } = {},
): Promise<AppUnderTest> {
  const passThrough = ['DB_POOL_SIZE', 'IYS_PROJECTION_POLL_MS', 'IYS_RUN_WORKER_IN_API'];
  const config = loadConfig({
    ...Object.fromEntries(passThrough.filter((key) => process.env[key]).map((key) => [key, process.env[key]])),
    ...env,
    NODE_ENV: 'development',
    LOG_LEVEL: logLevel,
    IYS_RATE_LIMIT_PER_SECOND: '1000000',
    IYS_ADMIN_USERNAME: BENCH_ADMIN.username,
    IYS_ADMIN_PASSWORD: BENCH_ADMIN.password,
  });
  const pool = createPool({ url, size: config.DB_POOL_SIZE, applicationName: 'iys-api' });
  const timer = new StatementTimer();
  timer.attach(pool);
  const vault = new PiiVault({ pool, masterKey: keys.masterKey, hmacKey: keys.hmacKey });
  const router = readRouter?.(pool);
  await router?.start();
  const app = await createHttpApp({
    config,
    pool,
    readRouter: router,
    vault,
    logger: pino({ level: logLevel }),
    runProjections: config.IYS_RUN_WORKER_IN_API,
    tokenSigningKey: keys.tokenSigningKey,
    instanceId: 'bench',
  });
  try {
    await app.listen({ port: 0, host: '127.0.0.1' });
  } catch (error) {
    await app.close();
    await router?.close();
    await pool.end();
    throw error;
  }
  const port = (app.getHttpServer().address() as AddressInfo).port;
  return {
    app,
    config,
    pool,
    vault,
    port,
    timer,
    async close() {
      await app.close();
      await router?.close();
      await pool.end().catch(() => undefined);
    },
  };
}

export interface Provider {
  iysCode: number;
  brandCodes: number[];
  token: string;
}

async function call<T>(port: number, method: string, path: string, body: unknown, token?: string, expect = 200): Promise<T> {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status !== expect) throw new Error(`${method} ${path} answered ${response.status} (expected ${expect}): ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

export const tokenFor = async (port: number, username: string, password: string) =>
  (await call<{ access_token: string }>(port, 'POST', '/oauth2/token', { username, password, grant_type: 'password' })).access_token;

/** A gateway's API user for `operatorCode`, created by the admin, and its token. */
export async function onboardOperator(port: number, operatorCode: number): Promise<string> {
  const admin = await tokenFor(port, BENCH_ADMIN.username, BENCH_ADMIN.password);
  const username = `gateway-${operatorCode}`;
  const password = `secret-of-gateway-${operatorCode}`;
  await call(port, 'POST', '/admin/users', { username, password, role: 'operator', operatorCode }, admin, 201);
  return tokenFor(port, username, password);
}

/** A provider as a real one gets there: application → approval → an API user → a token. */
export async function onboardProvider(port: number): Promise<Provider> {
  const admin = await tokenFor(port, BENCH_ADMIN.username, BENCH_ADMIN.password);
  const submitted = await call<{ applicationId: string }>(
    port,
    'POST',
    '/applications',
    {
      title: 'Benchmark Ticaret A.Ş.',
      mersis: '0015001526400496',
      taxNumber: '1234567890',
      address: 'Büyükdere Cad. No:1 Şişli İstanbul',
      signatory: { name: 'Ayşe Yılmaz', nationalId: '10000000146', mobile: '+905321234567', email: 'ayse.yilmaz@ornekticaret.com.tr' },
      brands: [{ name: 'BENCH', approvedAddressCount: 2_000_000 }, { name: 'BENCH PROFILE', approvedAddressCount: 100_000 }],
    },
    undefined,
    201,
  );
  const approved = await call<{ iysCode: number; brands: { brandCode: number }[] }>(port, 'POST', `/admin/applications/${submitted.applicationId}/approve`, {}, admin);
  const username = `provider-${approved.iysCode}`;
  const password = `secret-of-${approved.iysCode}-provider`;
  await call(port, 'POST', '/admin/users', { username, password, role: 'provider', iysCode: approved.iysCode }, admin, 201);
  return { iysCode: approved.iysCode, brandCodes: approved.brands.map((b) => b.brandCode), token: await tokenFor(port, username, password) };
}
