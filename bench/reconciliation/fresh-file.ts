/**
 * M4 computed in a fresh process (docs/benchmarks.md, "Reconciliation"): started by
 * reconciliation.bench.ts with the run's database and keys, this process starts the API as `npm start`
 * does (its background work left to the API under test), downloads one brand-day's file over HTTP from its own worker thread, and prints one JSON line:
 * the download's time and the process's RSS peak (the kernel's VmHWM since the process started, so
 * the API's start is in it too, and a sampled peak during the download alone).
 */
import { readFileSync } from 'node:fs';
import { startApp } from '../consent/app-under-test.js';
import { runHttpTask } from './http-client.js';

export interface FreshFileTask {
  url: string;
  keys: { masterKey: string; hmacKey: string; tokenSigningKey: string };
  token: string;
  path: string;
  sampleMs: number;
}

export interface FreshFileResult {
  status: number;
  records: number;
  sha256: string;
  seconds: number;
  rssIdleApiMb: number;
  rssPeakSampledMb: number;
  rssPeakHwmMb: number;
  heapLimitMb: number;
}

const MB = 1024 * 1024;
const round1 = (value: number) => Math.round(value * 10) / 10;

function peakRssMb(): number {
  const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
  return match ? round1((Number(match[1]) * 1024) / MB) : -1;
}

async function main(): Promise<void> {
  const task = JSON.parse(process.env.BENCH_FRESH_TASK ?? '{}') as FreshFileTask;
  const keys = { masterKey: Buffer.from(task.keys.masterKey, 'hex'), hmacKey: Buffer.from(task.keys.hmacKey, 'hex'), tokenSigningKey: Buffer.from(task.keys.tokenSigningKey, 'hex') };
  // No background work in this process (the API under test runs it): the start-up snapshot catch-up
  // would otherwise seal the very day being measured, and compete with the download while it does.
  const api = await startApp(task.url, 'silent', { IYS_RUN_WORKER_IN_API: 'false' }, { keys });
  try {
    const rssIdleApiMb = round1(process.memoryUsage.rss() / MB);
    const result = await runHttpTask({ kind: 'download', port: api.port, path: task.path, token: task.token, sampleMs: task.sampleMs });
    const { heap_size_limit } = (await import('node:v8')).getHeapStatistics();
    const answer: FreshFileResult = {
      status: result.status,
      records: result.records,
      sha256: result.sha256,
      seconds: Math.round(result.totalMs) / 1000,
      rssIdleApiMb,
      rssPeakSampledMb: round1(result.rssPeakBytes / MB),
      rssPeakHwmMb: peakRssMb(),
      heapLimitMb: Math.round(heap_size_limit / MB),
    };
    process.stdout.write(`${JSON.stringify(answer)}\n`);
  } finally {
    await api.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`fresh-file failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
