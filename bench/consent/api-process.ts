import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '@iys/platform/testing';
import { BENCH_ADMIN, type AppKeys } from './app-under-test.js';

export interface ApiProcess {
  port: number;
  /** The process started (the API, or the primary of its processes). */
  pid: number;
  /** SIGTERM, and resolves once the whole tree has exited (exit code). */
  stop(): Promise<number | null>;
}

const MAIN = fileURLToPath(new URL('../../apps/api/src/main.js', import.meta.url));

/**
 * `npm start`'s entry point (the compiled dist/apps/api/src/main.js) as its own process tree on the
 * bench database, with IYS_API_PROCESSES = `processes` (docs/adr/0058): 1 is one process that also runs
 * the background work, more is a primary with that many API processes and a background worker. The
 * keys are the bench's, so that it can seed read models and compute pseudonyms the API agrees with.
 */
export async function startApiProcess(databaseUrl: string, processes: number, keys: AppKeys, env: Record<string, string> = {}): Promise<ApiProcess> {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'iys-bench-api-'));
  chmodSync(dataDir, 0o755);
  // BENCH_API_NODE_ARGS: node options for the API (e.g. --cpu-prof, which NODE_OPTIONS refuses).
  const nodeArgs = (process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, MAIN], {
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'development',
      // Warnings only: a request's log lines at info would be part of what is measured.
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      IYS_DATA_DIR: dataDir,
      IYS_API_PROCESSES: String(processes),
      IYS_MASTER_KEY: keys.masterKey.toString('base64'),
      IYS_HMAC_KEY: keys.hmacKey.toString('base64'),
      IYS_TOKEN_SIGNING_KEY: keys.tokenSigningKey.toString('base64'),
      IYS_RATE_LIMIT_PER_SECOND: '1000000',
      IYS_ADMIN_USERNAME: BENCH_ADMIN.username,
      IYS_ADMIN_PASSWORD: BENCH_ADMIN.password,
      ...(process.env.DB_POOL_SIZE ? { DB_POOL_SIZE: process.env.DB_POOL_SIZE } : {}),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stdout!.resume();
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve((exitCode = code))));
  // Ready when /health/ready answers 200 (the start-up line is at info, which the bench does not log).
  for (;;) {
    if (exitCode !== undefined) throw new Error(`the API exited (${exitCode}) before it was ready: ${err}`);
    const ready = await fetch(`http://127.0.0.1:${port}/health/ready`).then((response) => response.status === 200, () => false);
    if (ready) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    port,
    pid: child.pid!,
    async stop() {
      child.kill('SIGTERM');
      const code = await exited;
      rmSync(dataDir, { recursive: true, force: true });
      return code;
    },
  };
}
