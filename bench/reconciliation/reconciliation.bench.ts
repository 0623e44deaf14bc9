/**
 * Reconciliation and audit figures, all from one run on one freshly started PostgreSQL
 * (docs/benchmarks.md, "Reconciliation"). The real API (createHttpApp, projections in-process, as
 * `npm start`) listens on 127.0.0.1; its HTTP client is a worker thread.
 *   1. the daily movement file (M4) of one brand-day of BENCH_MOVEMENTS movements over HTTP, streamed,
 *      with the process's RSS sampled meanwhile; against (a) a raw `COPY (SELECT … ORDER BY seq) TO
 *      STDOUT` of the same rows; and the same bytes in-process (MovementFileSource, M2's path) with its
 *      statements timed (where the time goes);
 *   2. the consent history of an address with BENCH_HISTORY_EVENTS events, chains verified: POST
 *      /audit/history and its query handler (AuditHistoryQuery on the bus), against (b) the bare query of the same rows;
 *   3. `audit verify` (EventChainVerifier.verifyAll) over the whole store, as a share of (c) a plain
 *      sequential read of the same rows.
 * Seeding is not timed: the movements are COPYed into the read model (recipients sealed by the
 * registry's vault), the address's events go through C1, the bulk of the store through appendBatch.
 * Prints a table, then exactly one JSON line as the last line. Exits 0 whether or not a target is
 * met; non-zero only when something fails (a wrong status, a byte or row count that does not add up).
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { readFileSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import type pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { addCalendarDays, istanbulDay, parseIysDate } from '@iys/platform/building-blocks';
import { createPool, runMigrations } from '@iys/platform/database';
import { EventChainVerifier, PostgresEventStore, ProjectionRunner } from '@iys/platform/event-store';
import { ProjectionRegistry } from '@iys/platform/nest';
import { normaliseAddress, PiiVault, type EncryptedValue } from '@iys/platform/pii';
import { AuditHistoryQuery } from '@iys/reconciliation';
import { CreateApiUserCommand } from '@iys/identity-access';
import { allMigrations } from '@iys/composition';
import { MovementFileSource } from '../../libs/contexts/reconciliation/src/reports/application/movement-file.source.js';
import { MOVEMENT_ROWS, type MovementRows } from '../../libs/contexts/reconciliation/src/reports/application/movement-rows.port.js';
import { SEALED_MOVEMENT_FILES } from '../../libs/contexts/reconciliation/src/reports/application/sealed-movement-files.port.js';
import { randomAppKeys, startApp, onboardProvider, type AppKeys, type AppUnderTest } from '../consent/app-under-test.js';
import { phone, summarise, type LatencySummary } from '../consent/consent-inputs.js';
import { observeServer, type ServerSide } from '../consent/server-monitor.js';
import { openBenchServer } from '../store/bench-server.js';
import { envInt, formatRate, log, pad, round, serverCpuClock, serverSettings } from '../store/bench-utils.js';
import { loadAverage, machineFigures, runBenchmark, type RunResources } from './bench-run.js';
import { runHttpTask } from './http-client.js';
import type { FreshFileResult, FreshFileTask } from './fresh-file.js';
import type { MovementDay } from './movement-rows.js';
import { seedFillerEvents, seedHistory, seedMovementDay } from './seed.js';

const TARGETS = { fileRowsPerSecond: 100_000, fileRssMb: 300, historyP50Ms: 50, verifyVsSequentialRead: 0.7 };

const config = {
  movements: envInt('BENCH_MOVEMENTS', 1_000_000),
  /** Movements of the warm-up brand-day (another brand, same day). */
  warmupMovements: envInt('BENCH_WARMUP_MOVEMENTS', 20_000),
  fileRuns: envInt('BENCH_FILE_RUNS', 2),
  historyEvents: envInt('BENCH_HISTORY_EVENTS', 1000),
  /** Requests per history workload, split over interleaved rounds. */
  historyRequests: envInt('BENCH_HISTORY_REQUESTS', 200),
  historyRounds: envInt('BENCH_HISTORY_ROUNDS', 4),
  verifyEvents: envInt('BENCH_VERIFY_EVENTS', 200_000),
  verifyRounds: envInt('BENCH_VERIFY_ROUNDS', 4),
  /** Node heap limits (MB; 0 = Node's default) of the fresh processes that compute the measured day's file once each. */
  freshHeaps: (process.env.BENCH_FRESH_HEAPS ?? '0,160').split(',').filter(Boolean).map(Number),
  seedChunk: envInt('BENCH_SEED_CHUNK', 5000),
  rssSampleMs: envInt('BENCH_RSS_SAMPLE_MS', 20),
  logLevel: process.env.BENCH_LOG_LEVEL ?? 'silent',
};

/** Phone indexes (consent-inputs' space): the file's recipients, the warm-up day's, the audited address. */
const PHONES = { file: 0, warmup: 150_000_000, audited: 199_999_999 };

const MB = 1024 * 1024;
const ms = (v: number) => `${v.toFixed(v < 10 ? 2 : 1)} ms`;
const mark = (met: boolean) => (met ? 'MET' : 'MISSED');

/** A full garbage collection, so that the RSS before the file is the server's, not the seeding's. */
const collectGarbage: () => void = (() => {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
})();

/** Linux: reset the process's peak RSS (VmHWM) so that it covers one workload; false where not allowed. */
function resetPeakRss(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

function peakRssBytes(): number | undefined {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

async function json<T>(port: number, path: string, body: unknown, token?: string): Promise<T> {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`POST ${path} answered ${response.status}: ${text.slice(0, 200)}`);
  return JSON.parse(text) as T;
}

async function waitForProjections(api: AppUnderTest): Promise<void> {
  const runner = api.app.get(ProjectionRunner);
  // Inline projections are written with every append; their checkpoints rest.
  for (const projection of api.app.get(ProjectionRegistry).all()) {
    if (!projection.inline) await runner.waitUntilCaughtUp(projection, { timeoutMs: 600_000 });
  }
}

// ------------------------------------------------------------------------------------------------
// 1. The movement file

/** (a) The same rows and columns straight out of PostgreSQL as CSV: no vault, no Node formatting. */
async function rawCopyOut(pool: pg.Pool, day: MovementDay): Promise<{ seconds: number; bytes: number; records: number }> {
  const client = await pool.connect();
  try {
    const started = performance.now();
    const stream = client.query(
      copyStreams.to(
        `COPY (SELECT to_char(creation_date AT TIME ZONE 'Europe/Istanbul', 'YYYY-MM-DD HH24:MI:SS'), event_id, recipient::text,
                      recipient_type, type, status, to_char(consent_date AT TIME ZONE 'Europe/Istanbul', 'YYYY-MM-DD HH24:MI:SS'), source
                 FROM reconciliation.daily_movements
                WHERE brand_code = ${Number(day.brandCode)} AND day = '${parseIysDate(day.day)}' AND iys_code = ${Number(day.iysCode)}
                ORDER BY seq) TO STDOUT WITH (FORMAT csv)`,
      ),
    );
    let bytes = 0;
    let records = 0;
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) records += 1;
    }
    return { seconds: (performance.now() - started) / 1000, bytes, records };
  } finally {
    client.release();
  }
}

interface FileRun {
  seconds: number;
  rowsPerSecond: number;
  bytes: number;
  firstByteMs: number;
  sha256: string;
  rssBeforeMb: number;
  rssPeakSampledMb: number;
  rssPeakHwmMb: number | null;
  /** The API thread's V8 heap and the process's off-heap memory, peaks sampled every 50 ms on the API thread. */
  memoryPeakMb: { heapTotal: number; heapUsed: number; external: number; arrayBuffers: number };
  server: ServerSide;
}

/** Peaks of process.memoryUsage() sampled on this (the API's) thread while `work` runs. */
async function withMemoryPeaks<T>(work: () => Promise<T>): Promise<{ result: T; peaks: FileRun['memoryPeakMb'] }> {
  const peaks = { heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 };
  const sample = () => {
    const usage = process.memoryUsage();
    for (const key of Object.keys(peaks) as (keyof typeof peaks)[]) peaks[key] = Math.max(peaks[key], usage[key]);
  };
  const sampler = setInterval(sample, 50);
  try {
    const result = await work();
    sample();
    return { result, peaks: Object.fromEntries(Object.entries(peaks).map(([key, bytes]) => [key, round(bytes / MB, 1)])) as typeof peaks };
  } finally {
    clearInterval(sampler);
  }
}

/** M4 over HTTP, read by the worker as it streams; RSS sampled by the worker and as the kernel's peak. */
async function downloadFile(api: AppUnderTest, token: string, day: MovementDay): Promise<FileRun> {
  collectGarbage();
  const rssBefore = process.memoryUsage.rss();
  const hwm = resetPeakRss();
  const path = `/sps/${day.iysCode}/brands/${day.brandCode}/changes/${day.day}/file`;
  const {
    result: { result, server },
    peaks,
  } = await withMemoryPeaks(() =>
    observeServer(api.pool, () => runHttpTask({ kind: 'download', port: api.port, path, token, sampleMs: config.rssSampleMs }), `m4-file-${day.brandCode}`),
  );
  const peak = hwm ? peakRssBytes() : undefined;
  if (result.status !== 200 || !result.contentType.startsWith('text/csv')) throw new Error(`M4 answered ${result.status} ${result.contentType}`);
  if (result.records !== day.total + 1) throw new Error(`M4 file has ${result.records} records, expected ${day.total} + header`);
  const seconds = result.totalMs / 1000;
  return {
    seconds: round(seconds, 3),
    rowsPerSecond: Math.round(day.total / seconds),
    bytes: result.bytes,
    firstByteMs: round(result.firstByteMs, 1),
    sha256: result.sha256,
    rssBeforeMb: round(rssBefore / MB, 1),
    rssPeakSampledMb: round(result.rssPeakBytes / MB, 1),
    rssPeakHwmMb: peak === undefined ? null : round(peak / MB, 1),
    memoryPeakMb: peaks,
    server,
  };
}

/**
 * M2's path in-process: MovementFileSource.chunks into SHA-256 (no HTTP), the API pool's statements
 * summed by kind. The source overlaps its statements with its JavaScript, so the sums may exceed
 * what they cost the wall clock.
 */
/**
 * The day's file computed in the API's process, hashed (M2's path), with the CPU of the process
 * (every thread) per row: through the API's own `MovementFileSource` (the vault's worker threads),
 * or, `oneThread`, the same source over rows whose recipients the vault opens on this thread, one
 * call after another with the next in flight (the file before docs/adr/0068; the same bytes).
 */
async function fileInProcess(api: AppUnderTest, day: MovementDay, oneThread = false) {
  const apiSource = api.app.get(MovementFileSource, { strict: false });
  const vault = api.app.get(PiiVault, { strict: false });
  const rows = api.app.get<MovementRows>(MOVEMENT_ROWS, { strict: false });
  const scope = { iysCode: day.iysCode, brandCode: day.brandCode, day: day.day };
  const oneThreadRows: MovementRows = { page: (...args) => rows.page(...args), openRecipients: (sealed) => vault.decryptMany([...sealed], api.pool) };
  const source = oneThread ? new MovementFileSource(oneThreadRows, api.app.get(SEALED_MOVEMENT_FILES, { strict: false })) : apiSource;
  const cpu = process.cpuUsage();
  const from = performance.timeOrigin + performance.now();
  api.timer.enabled = true;
  const started = performance.now();
  let sha256: string;
  try {
    const hash = createHash('sha256');
    for await (const chunk of source.computedChunks(scope, oneThread ? { inFlight: 2 } : {})) hash.update(chunk);
    sha256 = hash.digest('hex');
  } finally {
    api.timer.enabled = false;
  }
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const records = api.timer.take(from, performance.timeOrigin + performance.now());
  const sum = (pattern: RegExp) => {
    const hits = records.filter((r) => pattern.test(r.sql));
    return { statements: hits.length, seconds: round(hits.reduce((n, r) => n + (r.end - r.start), 0) / 1000, 3) };
  };
  return {
    seconds: round(seconds, 3),
    rowsPerSecond: Math.round(day.total / seconds),
    cpuMicrosecondsPerRow: round((used.user + used.system) / day.total, 1),
    sha256,
    pageReads: sum(/FROM reconciliation\.daily_movements/),
    dataKeyLoads: sum(/FROM pii\.subject_keys/),
  };
}

/**
 * (d) The vault alone: the day's sealed recipients read page by page (not timed), then opened 1000
 * at a time (timed: the key load and the AES-GCM unwrap + decrypt per recipient), with the CPU of
 * this process (every thread) per recipient. `keyPool` set: the key loads go through it, which the
 * vault reads as "do not cache" (as MovementFileSource calls it); unset: the default call, keys
 * cached. `offThread`: `decryptManyOffThread` instead, a page's five calls in flight at once (the
 * vault's worker threads, docs/adr/0068).
 */
async function vaultAlone(
  pool: pg.Pool,
  vault: PiiVault,
  day: MovementDay,
  keyPool?: pg.Pool,
  offThread = false,
): Promise<{ seconds: number; rowsPerSecond: number; microsecondsPerRow: number; cpuMicrosecondsPerRow: number }> {
  let after = '0';
  let ms = 0;
  let cpuUs = 0;
  for (;;) {
    const { rows } = await pool.query<{ seq: string; recipient: EncryptedValue }>(
      `SELECT seq, recipient FROM reconciliation.daily_movements WHERE brand_code = $1 AND day = $2::date AND iys_code = $3 AND seq > $4 ORDER BY seq LIMIT 5000`,
      [day.brandCode, day.day, day.iysCode, after],
    );
    const slices = [];
    for (let start = 0; start < rows.length; start += 1000) slices.push(rows.slice(start, start + 1000).map((row) => row.recipient));
    const begun = performance.now();
    const cpu = process.cpuUsage();
    if (offThread) await Promise.all(slices.map((slice) => vault.decryptManyOffThread(slice, keyPool)));
    else for (const slice of slices) await vault.decryptMany(slice, keyPool);
    const used = process.cpuUsage(cpu);
    cpuUs += used.user + used.system;
    ms += performance.now() - begun;
    if (rows.length < 5000) break;
    after = rows[rows.length - 1].seq;
  }
  return {
    seconds: round(ms / 1000, 3),
    rowsPerSecond: Math.round(day.total / (ms / 1000)),
    microsecondsPerRow: round((ms * 1000) / day.total, 1),
    cpuMicrosecondsPerRow: round(cpuUs / day.total, 1),
  };
}

/**
 * M4 computed in a fresh process (`fresh-file.ts`): the API started anew on the run's database and
 * keys, one download, its RSS peak as the kernel counts it for that process alone. `heapMb` > 0 caps
 * V8's old generation (`--max-old-space-size`), as a deployment that budgets memory would.
 */
async function freshProcessFile(url: string, keys: AppKeys, token: string, day: MovementDay, heapMb: number): Promise<FreshFileResult & { heapMb: number; rowsPerSecond: number }> {
  const task: FreshFileTask = {
    url,
    keys: { masterKey: keys.masterKey.toString('hex'), hmacKey: keys.hmacKey.toString('hex'), tokenSigningKey: keys.tokenSigningKey.toString('hex') },
    token,
    path: `/sps/${day.iysCode}/brands/${day.brandCode}/changes/${day.day}/file`,
    sampleMs: config.rssSampleMs,
  };
  const script = new URL('./fresh-file.js', import.meta.url).pathname;
  const args = [...(heapMb > 0 ? [`--max-old-space-size=${heapMb}`] : []), script];
  const { stdout } = await promisify(execFile)(process.execPath, args, { env: { ...process.env, BENCH_FRESH_TASK: JSON.stringify(task) }, maxBuffer: 1024 * 1024 });
  const result = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as FreshFileResult;
  if (result.status !== 200 || result.records !== day.total + 1) throw new Error(`fresh-process M4 answered ${result.status} with ${result.records} records`);
  return { ...result, heapMb, rowsPerSecond: Math.round(day.total / result.seconds) };
}

// ------------------------------------------------------------------------------------------------
// 2. History, 3. verify

interface Timed {
  latency: LatencySummary;
  latenciesMs: number[];
}

async function timedCalls(count: number, call: () => Promise<unknown>): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await call();
    latencies.push(performance.now() - started);
  }
  return latencies;
}

/** Plain sequential read of every event row (same columns as the verifier, no join, sort, hashing). */
async function timedVerify(verifier: EventChainVerifier, options: { workers?: number }): Promise<{ events: number; seconds: number; streams: number }> {
  const started = performance.now();
  const report = await verifier.verifyAll({ ...options, onProgress: () => undefined });
  const seconds = (performance.now() - started) / 1000;
  if (!report.ok) throw new Error(`verifyAll found a broken chain at ${report.firstBroken?.streamId} ${report.firstBroken?.streamPosition}`);
  return { events: report.eventsChecked, seconds, streams: report.streamsChecked };
}

async function sequentialRead(pool: pg.Pool): Promise<{ events: number; seconds: number; streams?: number }> {
  const client = await pool.connect();
  try {
    const started = performance.now();
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    await client.query(
      `DECLARE plain_scan CURSOR FOR
         SELECT stream_id, stream_position, global_position, event_id::text AS event_id, event_type, schema_version,
                data::text AS data, metadata::text AS metadata, occurred_at, recorded_at, hash
           FROM event_store.events`,
    );
    let events = 0;
    for (;;) {
      const { rows } = await client.query('FETCH 20000 FROM plain_scan');
      if (rows.length === 0) break;
      events += rows.length;
    }
    await client.query('COMMIT');
    return { events, seconds: (performance.now() - started) / 1000 };
  } finally {
    client.release();
  }
}

// ------------------------------------------------------------------------------------------------

async function main(resources: RunResources): Promise<number> {
  const startedAt = new Date();
  const runStarted = performance.now();
  const loadBefore = loadAverage();
  log(
    `Reconciliation benchmark — M4 file of ${formatRate(config.movements)} movements (one brand-day), ` +
      `history of an address with ${config.historyEvents} events, audit verify over ${formatRate(config.verifyEvents)}+ events`,
  );

  const server = resources.keep(await openBenchServer(), (s) => s.close());
  const url = await server.createDatabase('');
  await runMigrations(url, allMigrations);
  const observer = resources.keep(createPool({ url, size: 3, applicationName: 'iys-bench-observer' }), (pool) => pool.end());
  const settings = await serverSettings(observer);
  const keys = randomAppKeys();
  const api = resources.keep(await startApp(url, config.logLevel, {}, { keys }), (app) => app.close());
  const provider = await onboardProvider(api.port);
  collectGarbage();
  const rssIdleApiMb = round(process.memoryUsage.rss() / MB, 1);
  const [brandCode, warmupBrandCode] = provider.brandCodes;
  const auditor = { username: 'bench-auditor', password: `bench-auditor-${process.pid}-password` };
  await api.app.get(CommandBus).execute(new CreateApiUserCommand(auditor.username, auditor.password, 'authority', null, 'bench'));
  const authority = (await json<{ access_token: string }>(api.port, '/oauth2/token', { ...auditor, grant_type: 'password' })).access_token;
  log(
    `PostgreSQL ${settings.server_version} (${server.kind}); API on 127.0.0.1:${api.port}, pool ${api.config.DB_POOL_SIZE}; provider ${provider.iysCode}, brand ${brandCode}; ` +
      `process RSS with the idle API ${rssIdleApiMb} MB`,
  );

  // Seeding (not timed).
  const seedStarted = performance.now();
  const store = api.app.get(PostgresEventStore);
  await seedFillerEvents(store, config.verifyEvents, (done) => {
    if (done % 50_000 === 0 || done === config.verifyEvents) log(`  seed: ${formatRate(done)} events appended`);
  });
  const auditedAddress = phone(PHONES.audited);
  const historyStreams = await seedHistory({ port: api.port, token: provider.token, iysCode: provider.iysCode, brandCodes: provider.brandCodes, address: auditedAddress, events: config.historyEvents });
  log(`  seed: ${config.historyEvents} consent changes of one address over ${historyStreams} streams (C1)`);
  await waitForProjections(api);
  const yesterday = addCalendarDays(istanbulDay(new Date()), -1);
  const fileDay: MovementDay = { iysCode: provider.iysCode, brandCode, day: yesterday, total: config.movements };
  const warmupDay: MovementDay = { iysCode: provider.iysCode, brandCode: warmupBrandCode, day: yesterday, total: config.warmupMovements };
  const vault = api.app.get(PiiVault);
  await seedMovementDay(observer, vault, warmupDay, { firstPhone: PHONES.warmup, chunk: config.seedChunk });
  await seedMovementDay(observer, vault, fileDay, {
    firstPhone: PHONES.file,
    chunk: config.seedChunk,
    onProgress: (done) => {
      if (done % 100_000 === 0 || done === config.movements) log(`  seed: ${formatRate(done)} movements of ${yesterday} (vault + COPY)`);
    },
  });
  const seedSeconds = round((performance.now() - seedStarted) / 1000, 1);
  log(`  seeded in ${seedSeconds} s`);

  // 1. The movement file.
  log('');
  log('1. daily movement file (M4)');
  const warm = await downloadFile(api, provider.token, warmupDay);
  log(`  warm-up (${formatRate(warmupDay.total)} movements, brand ${warmupBrandCode}): ${warm.seconds} s`);
  const copy = await rawCopyOut(observer, fileDay);
  if (copy.records !== fileDay.total) throw new Error(`raw COPY gave ${copy.records} rows, expected ${fileDay.total}`);
  const rawCopy = { seconds: round(copy.seconds, 3), rowsPerSecond: Math.round(fileDay.total / copy.seconds), bytes: copy.bytes };
  log(`  (a) raw COPY … TO STDOUT (csv): ${rawCopy.seconds} s, ${formatRate(rawCopy.rowsPerSecond)} rows/s, ${round(copy.bytes / MB, 1)} MB`);
  const fileRuns: FileRun[] = [];
  for (let run = 0; run < config.fileRuns; run++) {
    const result = await downloadFile(api, provider.token, fileDay);
    fileRuns.push(result);
    log(
      `  M4 over HTTP: ${result.seconds} s, ${formatRate(result.rowsPerSecond)} rows/s, ${round(result.bytes / MB, 1)} MB, first byte ${ms(result.firstByteMs)}; ` +
        `RSS ${result.rssBeforeMb} MB before, peak ${result.rssPeakSampledMb} MB sampled / ${result.rssPeakHwmMb ?? '—'} MB kernel ` +
          `(V8 heap peak ${result.memoryPeakMb.heapTotal} MB, ${result.memoryPeakMb.heapUsed} MB used; off-heap ${result.memoryPeakMb.external} MB); API thread ELU ${result.server.eventLoopUtilization}`,
    );
  }
  const file = fileRuns.reduce((best, run) => (run.seconds < best.seconds ? run : best));
  const freshRuns: Awaited<ReturnType<typeof freshProcessFile>>[] = [];
  for (const heapMb of config.freshHeaps) {
    const fresh = await freshProcessFile(url, keys, provider.token, fileDay, heapMb);
    if (fresh.sha256 !== file.sha256) throw new Error('the fresh process computed other bytes than the API under test');
    freshRuns.push(fresh);
    log(
      `  M4 computed in a fresh process (heap ${heapMb > 0 ? `capped at ${heapMb} MB` : `Node's default, ${fresh.heapLimitMb} MB`}): ${fresh.seconds} s, ${formatRate(fresh.rowsPerSecond)} rows/s; ` +
        `RSS idle API ${fresh.rssIdleApiMb} MB, peak ${fresh.rssPeakSampledMb} MB sampled / ${fresh.rssPeakHwmMb} MB kernel (since start)`,
    );
  }
  const freshDefault = freshRuns.find((run) => run.heapMb === 0) ?? freshRuns[0];
  // Worker threads and one thread take turns (A B B A); each lane's faster run is its figure.
  const inProcessRuns = { workers: [] as Awaited<ReturnType<typeof fileInProcess>>[], oneThread: [] as Awaited<ReturnType<typeof fileInProcess>>[] };
  for (const oneThread of [false, true, true, false]) inProcessRuns[oneThread ? 'oneThread' : 'workers'].push(await fileInProcess(api, fileDay, oneThread));
  const fastest = (runs: Awaited<ReturnType<typeof fileInProcess>>[]) => runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
  const inProcess = fastest(inProcessRuns.workers);
  const inProcessOneThread = fastest(inProcessRuns.oneThread);
  if (inProcess.sha256 !== file.sha256 || inProcessOneThread.sha256 !== file.sha256) throw new Error('MovementFileSource differs from the SHA-256 of the M4 bytes');
  log(
    `  in-process, recipients opened on this one thread (as before ADR 0068): ${inProcessOneThread.seconds} s, ${formatRate(inProcessOneThread.rowsPerSecond)} rows/s, ` +
      `CPU ${inProcessOneThread.cpuMicrosecondsPerRow} µs per row; worker threads: ${inProcess.seconds} s, CPU ${inProcess.cpuMicrosecondsPerRow} µs per row ` +
      `(×${round(inProcess.rowsPerSecond / inProcessOneThread.rowsPerSecond, 2)}; load ${loadAverage().join(' ')})`,
  );
  log(
    `  in-process (MovementFileSource → SHA-256, M2's path): ${inProcess.seconds} s, ${formatRate(inProcess.rowsPerSecond)} rows/s; statements (overlapped): ` +
      `page reads ${inProcess.pageReads.seconds} s (${inProcess.pageReads.statements}), data-key loads ${inProcess.dataKeyLoads.seconds} s (${inProcess.dataKeyLoads.statements})`,
  );
  const vaultOnly = await vaultAlone(observer, vault, fileDay, api.pool);
  log(`  (d) PiiVault.decryptMany alone, 1000 a call, keys not cached (as the file calls it): ${formatRate(vaultOnly.rowsPerSecond)} recipients/s (${vaultOnly.microsecondsPerRow} µs each)`);
  const vaultCached = await vaultAlone(observer, vault, fileDay);
  log(`  (d′) the same, keys cached (the default call): ${formatRate(vaultCached.rowsPerSecond)} recipients/s (${vaultCached.microsecondsPerRow} µs each)`);
  const vaultOffThread = await vaultAlone(observer, vault, fileDay, api.pool, true);
  log(
    `  (d″) decryptManyOffThread, ${availableParallelism()} worker thread(s), keys not cached: ${formatRate(vaultOffThread.rowsPerSecond)} recipients/s (${vaultOffThread.microsecondsPerRow} µs each); ` +
      `CPU per recipient ${vaultOffThread.cpuMicrosecondsPerRow} µs (one thread: ${vaultOnly.cpuMicrosecondsPerRow} µs)`,
  );

  // The nightly snapshot seals each finished day's file; M4 (and M2) then read the sealed copy.
  const source = api.app.get(MovementFileSource, { strict: false });
  const sealStarted = performance.now();
  const sealedSha256 = await source.seal({ iysCode: fileDay.iysCode, brandCode: fileDay.brandCode, day: fileDay.day });
  const sealing = { seconds: round((performance.now() - sealStarted) / 1000, 3) };
  if (sealedSha256 !== file.sha256) throw new Error('the sealed file hashes differently from the computed one');
  log(`  nightly sealing of the day (snapshot: computed once, encrypted, stored): ${sealing.seconds} s`);
  const sealedRuns: FileRun[] = [];
  for (let run = 0; run < config.fileRuns; run++) {
    const result = await downloadFile(api, provider.token, fileDay);
    if (result.sha256 !== file.sha256) throw new Error('the sealed M4 bytes differ from the computed ones');
    sealedRuns.push(result);
    log(
      `  M4 over HTTP, sealed: ${result.seconds} s, ${formatRate(result.rowsPerSecond)} rows/s, first byte ${ms(result.firstByteMs)}; ` +
        `RSS ${result.rssBeforeMb} MB before, peak ${result.rssPeakSampledMb} MB sampled / ${result.rssPeakHwmMb ?? '—'} MB kernel; API thread ELU ${result.server.eventLoopUtilization}`,
    );
  }
  const sealedFile = sealedRuns.reduce((best, run) => (run.seconds < best.seconds ? run : best));

  // 2. History.
  log('');
  log(`2. history of an address with ${config.historyEvents} events`);
  const queries = api.app.get(QueryBus, { strict: false });
  const audit = { history: (address: string) => queries.execute(new AuditHistoryQuery(address)) };
  const check = await audit.history(auditedAddress);
  const historyEvents = check.consents.reduce((n, c) => n + c.events.length, 0);
  if (historyEvents !== config.historyEvents || !check.consents.every((c) => c.chain.ok)) {
    throw new Error(`history has ${historyEvents} events (chains ok: ${check.consents.every((c) => c.chain.ok)}), expected ${config.historyEvents}`);
  }
  const [recipientId] = await vault.findMany([normaliseAddress(auditedAddress)]);
  const bareQuery = () =>
    observer.query(
      `SELECT stream_id, stream_position, global_position, transaction_id::text, event_id, event_type, schema_version, data, metadata, occurred_at, recorded_at, hash
         FROM event_store.events WHERE stream_id LIKE $1 ORDER BY stream_id, stream_position`,
      [`consent-${recipientId}.%`],
    );
  const perRound = Math.max(1, Math.floor(config.historyRequests / config.historyRounds));
  const workloads: Record<'bare' | 'service' | 'http', () => Promise<number[]>> = {
    bare: () => timedCalls(perRound, bareQuery),
    service: async () => (await observeServer(api.pool, () => timedCalls(perRound, () => audit.history(auditedAddress)), 'history-service')).result,
    http: async () => {
      const result = await runHttpTask({ kind: 'requests', port: api.port, path: '/audit/history', token: authority, body: { recipient: auditedAddress }, count: perRound });
      if (Object.keys(result.failures).length > 0) throw new Error(`POST /audit/history failed: ${JSON.stringify(result.failures)}`);
      return result.latenciesMs;
    },
  };
  const order = Object.keys(workloads) as (keyof typeof workloads)[];
  for (const name of order) await workloads[name](); // warm-up
  const latencies: Record<keyof typeof workloads, number[]> = { bare: [], service: [], http: [] };
  for (let r = 0; r < config.historyRounds; r++) {
    for (let k = 0; k < order.length; k++) {
      const name = order[(r + k) % order.length];
      latencies[name].push(...(await workloads[name]()));
    }
  }
  const history = Object.fromEntries(order.map((name) => [name, { latency: summarise(latencies[name]), latenciesMs: latencies[name] }])) as Record<keyof typeof workloads, Timed>;
  for (const [name, label] of [['bare', '(b) bare query of the same rows'], ['service', 'AuditHistoryQuery on the bus (in-process)'], ['http', 'POST /audit/history (HTTP)']] as const) {
    const { latency } = history[name];
    log(`  ${pad(label, 44)} p50 ${ms(latency.p50Ms)}, p90 ${ms(latency.p90Ms)}, p99 ${ms(latency.p99Ms)} (${latency.count} requests)`);
  }

  // 3. audit verify.
  log('');
  log('3. audit verify (EventChainVerifier.verifyAll over the whole store)');
  const verifier = api.app.get(EventChainVerifier);
  // Three lanes in rotated turns: (c) the plain read, verifyAll as `audit verify` runs it (worker
  // threads, docs/adr/0068), and verifyAll on the receiving thread alone (`workers: 0`, information).
  // CPU per event: this process (every thread) and the embedded server (every process), which the
  // machine's load moves far less than the wall clock.
  const serverCpu = await serverCpuClock(observer);
  const lanes = {
    scan: () => sequentialRead(observer),
    verify: () => timedVerify(verifier, {}),
    verifyInThread: () => timedVerify(verifier, { workers: 0 }),
  };
  const laneNames = Object.keys(lanes) as (keyof typeof lanes)[];
  const totals = Object.fromEntries(laneNames.map((name) => [name, { events: 0, seconds: 0, streams: 0, nodeCpuUs: 0, serverCpuUs: 0 }])) as Record<keyof typeof lanes, { events: number; seconds: number; streams: number; nodeCpuUs: number; serverCpuUs: number }>;
  for (let r = 0; r < config.verifyRounds; r++) {
    for (let k = 0; k < laneNames.length; k++) {
      const name = laneNames[(r + k) % laneNames.length];
      const cpuBefore = process.cpuUsage();
      const serverBefore = serverCpu?.() ?? 0;
      const { events, seconds, streams } = await lanes[name]();
      const cpu = process.cpuUsage(cpuBefore);
      const total = totals[name];
      total.events += events;
      total.seconds += seconds;
      total.streams = streams ?? 0;
      total.nodeCpuUs += cpu.user + cpu.system;
      total.serverCpuUs += (serverCpu?.() ?? 0) - serverBefore;
    }
  }
  const lane = (name: keyof typeof lanes) => {
    const t = totals[name];
    return {
      events: t.events / config.verifyRounds,
      ...(name === 'scan' ? {} : { streams: t.streams }),
      seconds: round(t.seconds, 3),
      eventsPerSecond: Math.round(t.events / t.seconds),
      nodeCpuUsPerEvent: round(t.nodeCpuUs / t.events, 2),
      serverCpuUsPerEvent: serverCpu ? round(t.serverCpuUs / t.events, 2) : null,
    };
  };
  const scan = lane('scan');
  const verify = { ...lane('verify'), workers: Math.min(8, availableParallelism()) };
  const verifyInThread = lane('verifyInThread');
  for (const [label, figures] of [['(c) plain sequential read', scan], [`audit verify (${verify.workers} worker thread(s))`, verify], ['audit verify on the receiving thread alone', verifyInThread]] as const) {
    log(`  ${pad(label, 44)} ${formatRate(figures.eventsPerSecond)} events/s; CPU per event: Node ${figures.nodeCpuUsPerEvent} µs, server ${figures.serverCpuUsPerEvent ?? '–'} µs`);
  }
  log(`  (${formatRate(verify.events)} events in ${formatRate(verify.streams ?? 0)} streams; load ${loadAverage().join(' ')})`);

  // Summary.
  const fileTargetSeconds = round(fileDay.total / TARGETS.fileRowsPerSecond, 1);
  // A finished day is served sealed (the nightly snapshot seals it); the computed figures are the
  // first download of a day not sealed yet, or of one an erasure touched since.
  const rssPeakMb = Math.max(sealedFile.rssPeakSampledMb, sealedFile.rssPeakHwmMb ?? 0);
  const computedRssPeakMb = Math.max(file.rssPeakSampledMb, file.rssPeakHwmMb ?? 0);
  const targets = {
    file: {
      target: `<= ${fileTargetSeconds} s for ${fileDay.total} movements (>= ${TARGETS.fileRowsPerSecond} rows/s), a finished day (sealed)`,
      value: sealedFile.seconds,
      met: sealedFile.rowsPerSecond >= TARGETS.fileRowsPerSecond,
    },
    fileComputed: {
      target: `the same, computed from the rows (not sealed yet)`,
      value: file.seconds,
      met: file.rowsPerSecond >= TARGETS.fileRowsPerSecond,
    },
    fileRss: { target: `process RSS <= ${TARGETS.fileRssMb} MB while serving a finished day`, value: rssPeakMb, met: rssPeakMb <= TARGETS.fileRssMb },
    fileComputedRss: { target: `process RSS <= ${TARGETS.fileRssMb} MB while computing a day's file`, value: computedRssPeakMb, met: computedRssPeakMb <= TARGETS.fileRssMb },
    history: { target: `p50 <= ${TARGETS.historyP50Ms} ms over HTTP, chains verified`, value: history.http.latency.p50Ms, met: history.http.latency.p50Ms <= TARGETS.historyP50Ms },
    fileComputedFresh: {
      target: `computed from the rows in a fresh process (Node's default heap): <= ${fileTargetSeconds} s`,
      value: freshDefault?.seconds ?? null,
      met: freshDefault !== undefined && freshDefault.rowsPerSecond >= TARGETS.fileRowsPerSecond,
    },
    fileComputedFreshRss: {
      target: `computed in a fresh process: RSS <= ${TARGETS.fileRssMb} MB (kernel peak since start), each heap setting`,
      value: Object.fromEntries(freshRuns.map((run) => [run.heapMb > 0 ? `heap${run.heapMb}Mb` : 'defaultHeap', run.rssPeakHwmMb])),
      met: freshDefault !== undefined && freshDefault.rssPeakHwmMb <= TARGETS.fileRssMb,
    },
    verify: {
      target: `>= ${TARGETS.verifyVsSequentialRead * 100} % of (c) the plain sequential read, same run`,
      value: round(verify.eventsPerSecond / scan.eventsPerSecond, 3),
      met: verify.eventsPerSecond >= TARGETS.verifyVsSequentialRead * scan.eventsPerSecond,
    },
  };
  const ratios = {
    fileVsRawCopy: round(sealedFile.rowsPerSecond / rawCopy.rowsPerSecond, 3),
    fileComputedVsRawCopy: round(file.rowsPerSecond / rawCopy.rowsPerSecond, 3),
    fileInProcessVsRawCopy: round(inProcess.rowsPerSecond / rawCopy.rowsPerSecond, 3),
    fileInProcessWorkersVsOneThread: round(inProcess.rowsPerSecond / inProcessOneThread.rowsPerSecond, 3),
    vaultOnlyVsRawCopy: round(vaultOnly.rowsPerSecond / rawCopy.rowsPerSecond, 3),
    vaultOffThreadVsOneThread: round(vaultOffThread.rowsPerSecond / vaultOnly.rowsPerSecond, 3),
    historyHttpVsBare: round(history.http.latency.p50Ms / history.bare.latency.p50Ms, 2),
    historyServiceVsBare: round(history.service.latency.p50Ms / history.bare.latency.p50Ms, 2),
    verifyVsSequentialRead: round(verify.eventsPerSecond / scan.eventsPerSecond, 3),
    verifyInThreadVsSequentialRead: round(verifyInThread.eventsPerSecond / scan.eventsPerSecond, 3),
  };
  log('');
  log(`${pad('Target', 52)} ${pad('Measured', 26)} Result`);
  log(`${pad(`M4 ${formatRate(fileDay.total)} movements ≤ ${fileTargetSeconds} s (sealed)`, 52)} ${pad(`${sealedFile.seconds} s`, 26)} ${mark(targets.file.met)}`);
  log(`${pad(`  computed (not sealed yet)`, 52)} ${pad(`${file.seconds} s`, 26)} ${mark(targets.fileComputed.met)}`);
  log(`${pad(`M4 process RSS ≤ ${TARGETS.fileRssMb} MB (sealed)`, 52)} ${pad(`${rssPeakMb} MB peak`, 26)} ${mark(targets.fileRss.met)}`);
  log(`${pad(`  computed`, 52)} ${pad(`${computedRssPeakMb} MB peak`, 26)} ${mark(targets.fileComputedRss.met)}`);
  log(`${pad(`history of ${config.historyEvents} events ≤ ${TARGETS.historyP50Ms} ms (p50, HTTP)`, 52)} ${pad(ms(history.http.latency.p50Ms), 26)} ${mark(targets.history.met)}`);
  for (const run of freshRuns) {
    const label = run.heapMb > 0 ? `heap capped at ${run.heapMb} MB` : "Node's default heap";
    log(`${pad(`  computed, fresh process (${label})`, 52)} ${pad(`${run.seconds} s, ${run.rssPeakHwmMb} MB peak`, 26)} ${mark(run.rowsPerSecond >= TARGETS.fileRowsPerSecond)} / ${mark(run.rssPeakHwmMb <= TARGETS.fileRssMb)}`);
  }
  log(`${pad(`audit verify ≥ ${TARGETS.verifyVsSequentialRead * 100} % of the plain read`, 52)} ${pad(`${round((verify.eventsPerSecond / scan.eventsPerSecond) * 100, 1)} % (${formatRate(verify.eventsPerSecond)}/s)`, 26)} ${mark(targets.verify.met)}`);
  log(
    `Ratios: M4 sealed ${round(ratios.fileVsRawCopy * 100, 1)} % of raw COPY, computed ${round(ratios.fileComputedVsRawCopy * 100, 1)} % (in-process ${round(ratios.fileInProcessVsRawCopy * 100, 1)} %); ` +
      `history ${ratios.historyHttpVsBare}× the bare query (service ${ratios.historyServiceVsBare}×); verify ${round(ratios.verifyVsSequentialRead * 100, 1)} % of a plain read`,
  );

  const result = {
    benchmark: 'reconciliation',
    startedAt: startedAt.toISOString(),
    totalSeconds: round((performance.now() - runStarted) / 1000, 1),
    seedSeconds,
    machine: machineFigures(server.kind, settings, loadBefore),
    config,
    workloads: {
      file: {
        movements: fileDay.total,
        day: fileDay.day,
        rawCopy,
        sealed: { sealing, http: sealedFile, httpRuns: sealedRuns },
        http: file,
        httpRuns: fileRuns,
        freshProcess: freshRuns,
        warmup: warm,
        inProcess,
        inProcessOneThread,
        inProcessRuns,
        vaultOnly,
        vaultCached,
        vaultOffThread,
        rssIdleApiMb,
      },
      history: {
        events: config.historyEvents,
        streams: historyStreams,
        answerBytes: Buffer.byteLength(JSON.stringify(check)),
        bare: history.bare.latency,
        service: history.service.latency,
        http: history.http.latency,
      },
      verify: { sequentialRead: scan, verifyAll: verify, verifyAllInThread: verifyInThread },
    },
    ratios,
    targets: Object.fromEntries(Object.entries(targets).map(([name, target]) => [name, { ...target, status: target.met ? 'MET' : 'MISSED' }])),
    allTargetsMet: Object.values(targets).every((t) => t.met),
  };
  log('');
  log(JSON.stringify(result));
  return 0;
}

runBenchmark('reconciliation.bench', main);
