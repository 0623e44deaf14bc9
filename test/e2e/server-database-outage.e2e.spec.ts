import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runningEmbeddedPostgres, startEmbeddedPostgres, type RunningPostgres } from '@iys/platform/database';
import { waitUntil } from '@iys/platform/testing';
import { buildServerForTests, killLeftovers, listeningPort, logLines, runEntryPoint, type ServerRun } from '../support/server-process.js';
import { documentedFetch } from './documented-fetch.js';

/**
 * The API on a PostgreSQL of its own (DATABASE_URL) that this test stops and starts again, as an
 * operator restarts a database server. While it is down the API answers 503 in the İYS envelope and
 * keeps running; when it is back the API serves again without a restart.
 */
describe('the API process while its database is down', () => {
  let build: string;
  let folder: string;
  let database: RunningPostgres | undefined;
  let server: ServerRun;
  beforeAll(() => {
    build = buildServerForTests();
    folder = mkdtempSync(path.join(os.tmpdir(), 'iys-outage-'));
    chmodSync(folder, 0o755);
  });
  afterAll(async () => {
    await killLeftovers();
    await database?.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  const get = (port: number, route: string) => documentedFetch(`http://127.0.0.1:${port}${route}`);
  const token = (port: number) =>
    documentedFetch(`http://127.0.0.1:${port}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'password', username: 'nobody', password: 'not-a-password' }),
    });

  it('answers 503 (health names the check, routes H652), never exits, and recovers when the database is back', async () => {
    const pgDir = path.join(folder, 'pg-server');
    database = await startEmbeddedPostgres({ dataDir: pgDir, database: 'iys' });
    const { port: pgPort, url } = database;
    server = runEntryPoint(build, 'api', { DATABASE_URL: url, IYS_DATA_DIR: path.join(folder, 'api-data'), PORT: '0', IYS_PROJECTION_POLL_MS: '100' });
    const port = await listeningPort(server);
    expect((await get(port, '/health')).status).toBe(200);
    expect((await get(port, '/health/ready')).status).toBe(200);
    expect((await token(port)).status).not.toBe(503);

    await database.stop();
    database = undefined;

    const health = await get(port, '/health');
    expect(health.status).toBe(503);
    const report = (await health.json()) as { details: Record<string, { status: string; reason?: string }> };
    expect(report.details.database).toMatchObject({ status: 'down', reason: 'database unavailable' });
    // Ready names the database; live does not ask it (an outage must not restart the process).
    const ready = await get(port, '/health/ready');
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: 'error', details: { database: { status: 'down', reason: 'database unavailable', code: expect.any(String) } } });
    expect((await get(port, '/health/live')).status).toBe(200);

    const refused = await token(port);
    expect(refused.status).toBe(503);
    expect(await refused.json()).toEqual({ errors: [{ code: 'H652', message: expect.any(String) }] });

    // The background loops notice too (they log a warning once and back off) and nothing crashes.
    await waitUntil(
      async () => logLines(server.stdout()).filter((line) => /database unavailable; .*paused/.test(line.msg)).length,
      (count) => count >= 3,
      { timeoutMs: 60_000, description: 'background loops paused' },
    );
    expect(server.child.exitCode).toBeNull();

    database = await startEmbeddedPostgres({ dataDir: pgDir, database: 'iys', port: pgPort });
    await waitUntil(async () => (await get(port, '/health')).status, (status) => status === 200, { timeoutMs: 120_000, intervalMs: 200, description: '/health up again' });
    expect((await get(port, '/health/ready')).status).toBe(200);
    expect([400, 401, 422]).toContain((await token(port)).status);
    await waitUntil(
      async () => logLines(server.stdout()).filter((line) => /database reachable again/.test(line.msg)).length,
      (count) => count >= 3,
      { timeoutMs: 60_000, description: 'background loops resumed' },
    );

    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(server.stderr()).toBe('');
    // Unreachable is a warning, not a bug: no error-level line at any point of the outage.
    expect(logLines(server.stdout()).filter((line) => line.level >= 50).map((line) => line.msg)).toEqual([]);
  }, 10 * 60_000);

  it('restarts the embedded PostgreSQL when it is killed under the running API, and serves again', async () => {
    const dataDir = path.join(folder, 'embedded-data');
    const embedded = runEntryPoint(build, 'api', { IYS_DATA_DIR: dataDir, PORT: '0', IYS_PROJECTION_POLL_MS: '100' });
    const port = await listeningPort(embedded);
    expect((await get(port, '/health')).status).toBe(200);
    const killed = runningEmbeddedPostgres(dataDir)!;
    process.kill(killed.pid, 'SIGKILL');

    await waitUntil(
      async () => logLines(embedded.stdout()).some((line) => line.msg === 'embedded PostgreSQL restarted'),
      (restarted) => restarted,
      { timeoutMs: 120_000, intervalMs: 100, description: 'the embedded PostgreSQL restarted' },
    );
    await waitUntil(async () => (await get(port, '/health')).status, (status) => status === 200, { timeoutMs: 120_000, intervalMs: 200, description: '/health up again' });
    expect(runningEmbeddedPostgres(dataDir)?.pid).not.toBe(killed.pid);
    expect([400, 401, 422]).toContain((await token(port)).status);

    embedded.child.kill('SIGTERM');
    expect(await embedded.exited).toBe(0);
    expect(embedded.stderr()).toBe('');
    expect(logLines(embedded.stdout()).filter((line) => line.level >= 50).map((line) => line.msg)).toEqual([]);
    expect(runningEmbeddedPostgres(dataDir)).toBeUndefined();
  }, 10 * 60_000);
});
