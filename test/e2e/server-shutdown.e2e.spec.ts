import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildServerForTests, killLeftovers, listeningPort, logLines, runEntryPoint } from '../support/server-process.js';
import { documentedFetch } from './documented-fetch.js';

/** 20 in CI (issue 10); IYS_SHUTDOWN_RUNS lowers it for a quick local look. */
const RUNS = Number(process.env.IYS_SHUTDOWN_RUNS ?? 20);

/**
 * `npm start` on the embedded database, stopped the way a service manager stops it. Every run must
 * end with exit 0 and no error-level line: background loops stopped and awaited, pool closed, and
 * only then PostgreSQL stopped (before, its own signal handler stopped it under running queries).
 */
describe('the API process on SIGTERM', () => {
  let build: string;
  let dataDir: string;
  beforeAll(() => {
    build = buildServerForTests();
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'iys-shutdown-'));
    chmodSync(dataDir, 0o755);
  });
  afterAll(async () => {
    await killLeftovers();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(`drains, stops its work and its database, and exits 0 without an error line, ${RUNS} times in a row`, async () => {
    const outcomes: { run: number; exit: number | string; errorLines: string[]; stderr: string }[] = [];
    const startedAt = Date.now();
    for (let run = 1; run <= RUNS; run += 1) {
      const server = runEntryPoint(build, 'api', { IYS_DATA_DIR: dataDir, PORT: '0', IYS_PROJECTION_POLL_MS: '50' });
      const port = await listeningPort(server);
      const health = await documentedFetch(`http://127.0.0.1:${port}/health`);
      expect(health.status).toBe(200);
      server.child.kill('SIGTERM');
      const exit = await server.exited;
      const lines = logLines(server.stdout());
      outcomes.push({ run, exit, errorLines: lines.filter((line) => line.level >= 50).map((line) => line.msg), stderr: server.stderr() });
      expect(lines.at(-1)?.msg).toBe('stopped');
    }
    process.stdout.write(`${RUNS} start/SIGTERM cycles in ${((Date.now() - startedAt) / 1000).toFixed(1)} s\n`);
    expect(outcomes).toEqual(outcomes.map(({ run }) => ({ run, exit: 0, errorLines: [], stderr: '' })));
  }, 30 * 60_000);
});
