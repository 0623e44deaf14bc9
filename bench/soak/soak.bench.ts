/**
 * Memory of the API under hours of steady load (docs/benchmarks.md, "Soak"). For each sender mode:
 *   recording: every channel recorded by the development RecordingMessageSender (`npm start`'s default);
 *   gateway:   SMS and calls to the HttpGatewaySender, pointed at a fake gateway on 127.0.0.1 in this
 *              process (e-mail stays recorded; the load sends none).
 * the real API (soak-server.ts, `node --expose-gc`, a process of its own so that its memory is its
 * own) runs on a fresh embedded PostgreSQL database while this process drives a steady mix of C1, C2,
 * C6, C3 batches and recipient sign-ins (soak-load.ts) for BENCH_SOAK_MINUTES. Every
 * BENCH_SOAK_SAMPLE_S the server collects garbage twice and reports RSS and heapUsed; after
 * BENCH_SOAK_WARMUP_MINUTES the heap's slope and RSS's spread are compared with the targets.
 * Prints progress, then exactly one JSON line as the last line. Exits 0 whether or not a target is
 * met (it is a measurement); non-zero only when something fails.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { runMigrations } from '@iys/platform/database';
import { recordedMessagesFile } from '@iys/platform/outbox';
import { allMigrations } from '@iys/composition';
import { onboardProvider } from '../consent/app-under-test.js';
import { loadAverage, machineFigures, runBenchmark, RunResources } from '../reconciliation/bench-run.js';
import { openBenchServer } from '../store/bench-server.js';
import { envInt, log, round, serverSettings } from '../store/bench-utils.js';
import { meets, memoryTrend, type MemorySample, type MemoryTrend } from './memory-trend.js';
import { runSoakLoad, type SoakRates, type WorkloadCounts } from './soak-load.js';
import type { ParentMessage, ServerMessage } from './soak-server.js';
import { recordingFileCodes, startFakeGateway, type GatewayCounts } from './sign-in-codes.js';

const TARGETS = { heapSlopeMbPer10Min: 1, rssMaxDeviationPct: 10 };
type Mode = 'recording' | 'gateway';

const minutes = envInt('BENCH_SOAK_MINUTES', 20);
const config = {
  minutes,
  sampleSeconds: envInt('BENCH_SOAK_SAMPLE_S', 30),
  warmupMinutes: Math.min(envInt('BENCH_SOAK_WARMUP_MINUTES', 5), Math.max(1, minutes - 1)),
  modes: (process.env.BENCH_SOAK_MODES ?? 'recording,gateway').split(',').map((mode) => mode.trim()) as Mode[],
  rates: {
    adds: envInt('BENCH_SOAK_C1_PER_S', 10),
    statuses: envInt('BENCH_SOAK_C2_PER_S', 10),
    feedPolls: envInt('BENCH_SOAK_C6_PER_S', 1),
    batches: 1 / envInt('BENCH_SOAK_C3_EVERY_S', 10),
    batchSize: envInt('BENCH_SOAK_C3_SIZE', 100),
    signIns: 1 / envInt('BENCH_SOAK_SIGN_IN_EVERY_S', 3),
  } satisfies SoakRates,
  /** The recording file's rotation size (at the default rates the default 10 MB fills in about 20 minutes). */
  recordingRotateMb: envInt('BENCH_SOAK_RECORDING_ROTATE_MB', 10),
};
for (const mode of config.modes) if (mode !== 'recording' && mode !== 'gateway') throw new Error(`BENCH_SOAK_MODES: unknown mode "${mode}" (recording, gateway)`);

interface ModeResult {
  mode: Mode;
  trend: MemoryTrend | undefined;
  met: { heap: boolean; rss: boolean };
  samples: { minute: number; rssMb: number; heapUsedMb: number }[];
  workloads: Record<string, WorkloadCounts & { meanMs: number }>;
  gateway?: GatewayCounts;
  recordingFiles?: Record<string, number>;
}

/** Asks the server for a sample (after its collections) and waits for the answer. */
async function sampleOf(server: ChildProcess): Promise<Extract<ServerMessage, { type: 'sample' }>> {
  const answer = new Promise<Extract<ServerMessage, { type: 'sample' }>>((resolve) => {
    const listen = (message: ServerMessage) => {
      if (message.type !== 'sample') return;
      server.off('message', listen);
      resolve(message);
    };
    server.on('message', listen);
  });
  server.send({ type: 'sample' } satisfies ParentMessage);
  return answer;
}

async function soak(resources: RunResources, databaseUrl: string, mode: Mode): Promise<ModeResult> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), `iys-soak-${mode}-`));
  resources.keep(dataDir, (dir) => fs.rm(dir, { recursive: true, force: true }));
  const gateway = mode === 'gateway' ? resources.keep(await startFakeGateway(), (g) => g.close()) : undefined;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    SOAK_DATABASE_URL: databaseUrl,
    IYS_DATA_DIR: dataDir,
    IYS_RECIPIENT_NOTICE_DELAY_SECONDS: '5',
    IYS_TRUST_PROXY: '127.0.0.1',
    IYS_OUTBOX_RECORDING_ROTATE_MB: String(config.recordingRotateMb),
    ...(gateway ? { IYS_SMS_GATEWAY_URL: gateway.url, IYS_CALL_GATEWAY_URL: gateway.url } : {}),
  };
  const entry = path.join(path.dirname(fileURLToPath(import.meta.url)), 'soak-server.js');
  const server = fork(entry, [], { env, execArgv: ['--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  resources.keep(server, async (child) => {
    if (child.exitCode !== null) return;
    child.send({ type: 'stop' } satisfies ParentMessage);
    await Promise.race([once(child, 'exit'), new Promise((resolve) => setTimeout(resolve, 10_000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  const [ready] = (await Promise.race([once(server, 'message'), once(server, 'exit').then(() => Promise.reject(new Error('the soak server exited before it was ready')))])) as [ServerMessage];
  if (ready.type !== 'ready') throw new Error(`unexpected first message from the soak server: ${ready.type}`);
  const provider = await onboardProvider(ready.port);
  const codes = gateway?.codes ?? recordingFileCodes(recordedMessagesFile(dataDir));

  log(`${mode}: API pid ${server.pid} on 127.0.0.1:${ready.port}; ${config.minutes} min of load, a sample every ${config.sampleSeconds} s`);
  const samples: MemorySample[] = [];
  const startedAt = Date.now();
  const take = async () => {
    const sample = await sampleOf(server);
    const minute = (Date.now() - startedAt) / 60_000;
    samples.push({ minute, rssBytes: sample.rss, heapUsedBytes: sample.heapUsed });
    log(`${mode}: ${minute.toFixed(1).padStart(5)} min  rss ${(sample.rss / 2 ** 20).toFixed(1)} MB  heapUsed ${(sample.heapUsed / 2 ** 20).toFixed(1)} MB`);
  };
  await take();
  let sampling = Promise.resolve();
  const sampler = setInterval(() => (sampling = sampling.then(take)), config.sampleSeconds * 1000);
  const stop = new Promise<void>((resolve) => setTimeout(resolve, config.minutes * 60_000));
  const counts = await runSoakLoad(ready.port, provider, config.rates, codes, stop.then(() => clearInterval(sampler)));
  await sampling;
  await take();

  const trend = memoryTrend(samples, config.warmupMinutes);
  const recordingFiles: Record<string, number> = {};
  for (const name of await fs.readdir(path.join(dataDir, 'outbox')).catch(() => [] as string[])) {
    recordingFiles[name] = (await fs.stat(path.join(dataDir, 'outbox', name))).size;
  }
  return {
    mode,
    trend,
    met: meets(trend, TARGETS),
    samples: samples.map((s) => ({ minute: round(s.minute, 2), rssMb: round(s.rssBytes / 2 ** 20, 1), heapUsedMb: round(s.heapUsedBytes / 2 ** 20, 1) })),
    workloads: Object.fromEntries(Object.entries(counts).map(([name, c]) => [name, { ...c, totalMs: round(c.totalMs, 0), maxMs: round(c.maxMs, 1), meanMs: round(c.ok === 0 ? 0 : c.totalMs / c.sent, 1) }])),
    ...(gateway ? { gateway: { ...gateway.counts } } : {}),
    recordingFiles,
  };
}

async function main(resources: RunResources): Promise<number> {
  const loadBefore = loadAverage();
  const pgServer = resources.keep(await openBenchServer(), (s) => s.close());
  const results: ModeResult[] = [];
  let settings: Record<string, string> = {};
  for (const mode of config.modes) {
    const url = await pgServer.createDatabase(`soak_${mode}`);
    await runMigrations(url, allMigrations);
    if (Object.keys(settings).length === 0) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      settings = await serverSettings(client).finally(() => client.end());
    }
    const modeResources = new RunResources();
    try {
      results.push(await soak(modeResources, url, mode));
    } finally {
      await modeResources.closeAll();
    }
    const last = results.at(-1)!;
    log(`${mode}: heap ${last.trend?.heapSlopeMbPer10Min ?? '–'} MB/10 min (target ≤ ${TARGETS.heapSlopeMbPer10Min}), RSS ±${last.trend?.rssMaxDeviationPct ?? '–'} % (target ≤ ${TARGETS.rssMaxDeviationPct})`);
  }
  const met = results.every((result) => result.met.heap && result.met.rss);
  log(
    JSON.stringify({
      benchmark: 'soak',
      verdict: met ? 'MET' : 'MISSED',
      targets: TARGETS,
      config,
      modes: results.map((result) => ({ ...result, verdict: result.met.heap && result.met.rss ? 'MET' : 'MISSED' })),
      machine: machineFigures(pgServer.kind, settings, loadBefore),
    }),
  );
  return 0;
}

runBenchmark('soak.bench', main);
