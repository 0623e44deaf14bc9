import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runningEmbeddedPostgres } from '@iys/platform/database';
import { createTestDatabase } from '@iys/platform/testing';
import { buildServerForTests, killLeftovers, listeningPort, logLines, runEntryPoint, type ServerRun } from '../support/server-process.js';
import { documentedFetch } from './documented-fetch.js';

/** Whole processes on a shared machine: generous, since a slow start is not what is tested. */
const PROCESS_TEST_MS = 5 * 60_000;

/** Start-up as an operator meets it: a bad setting, a server killed with -9, two starts at once. */
describe('starting the API process', () => {
  let build: string;
  const folders: string[] = [];
  const freshDataDir = () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'iys-start-'));
    chmodSync(folder, 0o755);
    folders.push(folder);
    return path.join(folder, '.data');
  };
  beforeAll(() => {
    build = buildServerForTests();
  });
  afterAll(async () => {
    await killLeftovers();
    for (const folder of folders) {
      const leftover = runningEmbeddedPostgres(path.join(folder, '.data'));
      if (leftover) process.kill(leftover.pid, 'SIGINT');
      rmSync(folder, { recursive: true, force: true });
    }
  });

  const stopped = async (server: ServerRun) => {
    server.child.kill('SIGTERM');
    return { exit: await server.exited, errorLines: logLines(server.stdout()).filter((line) => line.level >= 50).map((line) => line.msg) };
  };

  it.each([
    ['api', []],
    ['worker', []],
    ['cli', ['outbox', 'dead-letters']],
  ] as const)('%s: a bad setting is one line on stderr and a non-zero exit', async (app, args) => {
    const run = runEntryPoint(build, app, { PORT: 'abc', IYS_DATA_DIR: freshDataDir() }, [...args]);
    const exit = await run.exited;
    expect(exit).not.toBe(0);
    const lines = run.stderr().split('\n').filter((line) => line.length > 0);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/Invalid configuration: PORT must/);
    expect(run.stdout()).toBe('');
  }, PROCESS_TEST_MS);

  it('stops the database an earlier run left behind when killed with -9, then starts', async () => {
    const dataDir = freshDataDir();
    const first = runEntryPoint(build, 'api', { IYS_DATA_DIR: dataDir, PORT: '0' });
    await listeningPort(first);
    const orphan = runningEmbeddedPostgres(dataDir);
    expect(orphan).toBeDefined();
    first.child.kill('SIGKILL');
    await first.exited;
    // kill -9 gives the process no chance to stop its PostgreSQL: it is still running.
    expect(runningEmbeddedPostgres(dataDir)?.pid).toBe(orphan!.pid);

    const second = runEntryPoint(build, 'api', { IYS_DATA_DIR: dataDir, PORT: '0' });
    const port = await listeningPort(second);
    expect((await documentedFetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
    expect(runningEmbeddedPostgres(dataDir)?.pid).not.toBe(orphan!.pid);
    // The postmaster removes its pid file a moment before its process ends: probe until it has.
    expect(await exits(orphan!.pid)).toBe(true);
    expect(await stopped(second)).toEqual({ exit: 0, errorLines: [] });
    expect(runningEmbeddedPostgres(dataDir)).toBeUndefined();
  }, PROCESS_TEST_MS);

  it('the CLI works beside the running API: it joins the embedded database and leaves it running', async () => {
    const dataDir = freshDataDir();
    const api = runEntryPoint(build, 'api', { IYS_DATA_DIR: dataDir, PORT: '0' });
    const port = await listeningPort(api);
    const database = runningEmbeddedPostgres(dataDir);
    const cli = runEntryPoint(build, 'cli', { IYS_DATA_DIR: dataDir }, ['outbox', 'dead-letters']);
    expect({ exit: await cli.exited, stderr: cli.stderr() }).toEqual({ exit: 0, stderr: '' });
    expect(runningEmbeddedPostgres(dataDir)?.pid).toBe(database!.pid);
    expect((await documentedFetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
    expect(await stopped(api)).toEqual({ exit: 0, errorLines: [] });
  }, PROCESS_TEST_MS);

  it('of two first starts on one empty folder, one serves and the other exits with one clear line', async () => {
    const dataDir = freshDataDir();
    const runs = [runEntryPoint(build, 'api', { IYS_DATA_DIR: dataDir, PORT: '0' }), runEntryPoint(build, 'api', { IYS_DATA_DIR: dataDir, PORT: '0' })];
    const outcomes = await Promise.all(runs.map((run) => listeningPort(run).then((port) => ({ run, port }), () => ({ run, port: undefined }))));
    const served = outcomes.filter((outcome) => outcome.port !== undefined);
    const refused = outcomes.filter((outcome) => outcome.port === undefined);
    expect([served.length, refused.length]).toEqual([1, 1]);

    const loser = refused[0].run;
    expect(await loser.exited).toBe(1);
    const lines = loser.stderr().split('\n').filter((line) => line.length > 0);
    expect(lines).toEqual([expect.stringMatching(/^İYS could not start: Cannot start the embedded PostgreSQL: the data folder .* is in use by another İYS process \(pid \d+\)/)]);

    expect((await documentedFetch(`http://127.0.0.1:${served[0].port}/health`)).status).toBe(200);
    expect(await stopped(served[0].run)).toEqual({ exit: 0, errorLines: [] });
  }, PROCESS_TEST_MS);
});

describe('the start-up log', () => {
  let build: string;
  beforeAll(() => {
    build = buildServerForTests();
  });
  afterAll(() => killLeftovers());

  const FRAME = /^\+-+\+\n\| Registry administrator \(development[^\n]*\n\| +username: admin +\|\n\| +password: (\S+) +\|\n[^\n]*\n\+-+\+$/m;

  it('at info: no route mapping, one "listening" line naming the URL, the docs and the admin user, and the generated password once, framed', async () => {
    const db = await createTestDatabase([]); // empty: the server applies its own migrations
    try {
      const first = runEntryPoint(build, 'api', { DATABASE_URL: db.url, PORT: '0', LOG_LEVEL: 'info' });
      const port = await listeningPort(first);
      const lines = logLines(first.stdout());
      expect(lines.filter((line) => /Mapped \{|route/i.test(line.msg))).toEqual([]);
      const listening = lines.filter((line) => line.msg.startsWith('İYS API listening'));
      expect(listening.map((line) => [line.level, line.msg])).toEqual([
        [30, `İYS API listening on http://localhost:${port}, docs at http://localhost:${port}/docs, admin user admin`],
      ]);
      const password = FRAME.exec(first.stdout())?.[1];
      expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
      expect(first.stdout().split(password!)).toHaveLength(2); // once, and in no JSON log line
      const token = await documentedFetch(`http://127.0.0.1:${port}/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ grant_type: 'password', username: 'admin', password }),
      });
      expect(token.status).toBe(200);
      first.child.kill('SIGTERM');
      expect(await first.exited).toBe(0);

      // The administrator exists now: a second start prints no password.
      const second = runEntryPoint(build, 'api', { DATABASE_URL: db.url, PORT: '0', LOG_LEVEL: 'info' });
      await listeningPort(second);
      expect(second.stdout()).not.toMatch(/password/);
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);

      // At debug the route mapping is still there for whoever asks.
      const verbose = runEntryPoint(build, 'api', { DATABASE_URL: db.url, PORT: '0', LOG_LEVEL: 'debug' });
      await listeningPort(verbose);
      expect(logLines(verbose.stdout()).filter((line) => line.level === 20 && /Mapped \{\/health, GET\} route/.test(line.msg))).toHaveLength(1);
      verbose.child.kill('SIGTERM');
      expect(await verbose.exited).toBe(0);
    } finally {
      await db.drop();
    }
  }, PROCESS_TEST_MS);
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    // A zombie has ended; only its parent has not collected it yet.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false;
  }
}

/** True once the process has ended, probing for at most `withinMs`. */
async function exits(pid: number, withinMs = 15_000): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}
