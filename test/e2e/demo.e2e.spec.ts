import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestDatabase, type TestDatabase } from '@iys/platform/testing';
import { buildServerForTests, killLeftovers, listeningPort, runEntryPoint } from '../support/server-process.js';
import { expectDocumentedAnswer } from './documented-fetch.js';

const PROCESS_TEST_MS = 5 * 60_000;

/** `npm run demo` as a newcomer runs it: twice, then the line it printed against the started API. */
describe('npm run demo', () => {
  let build: string;
  let db: TestDatabase;
  let folder: string;
  beforeAll(async () => {
    build = buildServerForTests();
    db = await createTestDatabase([]); // empty: the demo applies the migrations, as a first start does
    folder = mkdtempSync(path.join(os.tmpdir(), 'iys-demo-'));
    chmodSync(folder, 0o755);
  }, 120_000);
  afterAll(async () => {
    await killLeftovers();
    await db?.drop();
    rmSync(folder, { recursive: true, force: true });
  });

  const env = () => ({ DATABASE_URL: db.url, IYS_DATA_DIR: path.join(folder, 'data'), PORT: '0' });
  const demo = async (extra: Record<string, string> = {}) => {
    const run = runEntryPoint(build, 'demo', { ...env(), ...extra });
    return { code: await run.exited, stdout: run.stdout(), stderr: run.stderr() };
  };

  it('creates the provider, two brands, the users, an integrator and consents; prints them; a rerun changes nothing', async () => {
    const first = await demo();
    expect({ code: first.code, failure: first.stderr.match(/^(error|fatal)|failed:|could not start/m) }).toEqual({ code: 0, failure: null });
    const report = first.stdout.slice(first.stdout.indexOf('İYS demo data'));
    expect(report).toMatch(/iysCode (\d+)/);
    expect(report.match(/^ {2}brand {7}\d+/gm)).toHaveLength(2);
    expect(report).toMatch(/integratorCode \d+, authorised for MESAJ, ARAMA, EPOSTA/);
    expect(report).toMatch(/consents {4}5 \(5 added by this run\)/);
    for (const role of ['provider', 'integrator', 'authority']) expect(report).toMatch(new RegExp(`^  ${role} +demo-${role} +[A-Za-z0-9_-]{24}$`, 'm'));

    const second = await demo();
    expect(second.code).toBe(0);
    expect(second.stdout).toBe(report.replace('(5 added by this run)', '(0 added by this run)'));

    // The printed line, against the API started on the same data.
    const api = runEntryPoint(build, 'api', env());
    const port = await listeningPort(api);
    const line = report.trimEnd().split('\n').at(-1)!.replace(/http:\/\/localhost:\d+/g, `http://127.0.0.1:${port}`);
    expect(line).toMatch(/^curl /);
    const { stdout } = await promisify(execFile)('bash', ['-c', `set -euo pipefail; ${line}`], { timeout: 60_000 });
    // The server runs as a process here: its answer is checked against the document by hand.
    const url = /https?:\/\/[^\s'"]+/.exec(line)![0];
    expectDocumentedAnswer({ method: 'GET', url, status: 200, contentType: 'application/json', body: stdout });
    const brands = JSON.parse(stdout) as Array<{ brandCode: number; master: boolean; stats: { consents: { total: number } } }>;
    expect(brands).toHaveLength(2);
    expect(brands.map((brand) => brand.stats.consents.total).sort()).toEqual([1, 4]);
    api.child.kill('SIGTERM');
    expect(await api.exited).toBe(0);
  }, PROCESS_TEST_MS);

  it('refuses in production with one line and touches nothing', async () => {
    const refused = await demo({ NODE_ENV: 'production' });
    expect(refused.code).toBe(1);
    expect(refused.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(/^npm run demo is for development only/)]);
    expect(refused.stdout).toBe('');
  }, PROCESS_TEST_MS);
});
