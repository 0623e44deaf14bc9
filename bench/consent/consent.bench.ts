/**
 * Consent-registry throughput through HTTP, all figures from one run on one freshly started
 * PostgreSQL (docs/benchmarks.md, "Consent"). The real API (createHttpApp, projections and the batch
 * worker in-process, as `npm start`) listens on 127.0.0.1; the load client runs in a worker thread.
 *   1. batch ingest: BENCH_CONSENTS consents via C3 in batches of 1000, a few in flight, until C4
 *      shows every item applied and the change feed (C6) lists every one of them;
 *   5. meanwhile, change-feed lag: a C6 poller and one C1 add every 100 ms (probes);
 *   (a) raw COPY of every row the registry keeps for those consents (event, stream head, current
 *      consent, feed row, movement row, the vault's two rows: the very rows, copied out untimed and
 *      COPYed into tables shaped like theirs), the ingest's ratio; and (a') of current-consent rows
 *      alone, as before (for comparison with earlier runs);
 *   phase profile: batches, C1, C2 and C5 one at a time with every statement timed (explains,
 *      is not a figure);
 *   2. C1 with 32 clients; 3. C2 with 32 clients and (b) the bare Fastify route with the same loop,
 *      in alternating rounds; 4. C5 with 1000 recipients per call.
 * BENCH_API_PROCESSES=1,2,3 runs the API as `npm start` does instead (IYS_API_PROCESSES, ADR 0058; a
 * process tree of its own, no phase profile), every phase once per count on the same database, each
 * run with a provider and recipients of its own; BENCH_DURABLE=1 starts PostgreSQL with fsync,
 * synchronous_commit and full_page_writes on (bench-server.ts). Timeouts scale with BENCH_CONSENTS and
 * the memory held is a few bytes per consent (the COPY baseline goes table by table in page ranges).
 * Each workload also reports the API thread's event-loop utilisation, the pool's queue and the
 * machine's CPU use (server-monitor.ts). Prints a table, then exactly one JSON line as the last
 * line. Exits 0 whether or not a target is met (it is a measurement); non-zero only when something
 * fails.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { formatIysDateTime } from '@iys/platform/building-blocks';
import { createPool, runMigrations } from '@iys/platform/database';
import { allMigrations } from '@iys/composition';
import { openBenchServer, type BenchServer } from '../store/bench-server.js';
import { envInt, formatRate, log, pad, round, serverSettings } from '../store/bench-utils.js';
import { startApiProcess, type ApiProcess } from './api-process.js';
import { startApp, onboardProvider, randomAppKeys, type AppUnderTest } from './app-under-test.js';
import { BARE_STATUS_PATH, copyBaseline, registryCopyBaseline, startBareStatusServer, type RegistryCopy } from './baselines.js';
import { consentBody, phone, PHONE_RANGES, summarise } from './consent-inputs.js';
import { runInWorker, type ClosedLoopResult, type ClosedLoopTask, type IngestResult } from './load.js';
import { profileBatches, profileRequests, type PhaseProfile, type RequestProfile } from './phase-profile.js';
import { observeServer, type ServerSide } from './server-monitor.js';

const TARGETS = {
  /** Issue 17: at 1 M, and against a raw COPY of every row the registry keeps for those consents. */
  ingestPerSecond: 10_000,
  ingestVsCopy: 0.5,
  addsPerSecond: 3000,
  addP99Ms: 50,
  statusVsBare: 0.7,
  statusP99Ms: 20,
  multiRecipientsPerSecond: 100_000,
  feedLagP99Ms: 2000,
};

/** A count that may be 0 (envInt refuses 0). */
function envCount(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
}

const consents = envInt('BENCH_CONSENTS', 100_000);
/** Room per run for the C1 probes and the C1 adds of one run, so that runs never share a recipient. */
const PROBES_PER_RUN = 1_000_000;
const ADDS_PER_RUN = 10_000_000;
const config = {
  consents,
  batchSize: Math.min(1000, envInt('BENCH_BATCH_SIZE', 1000)),
  batchesInFlight: envInt('BENCH_BATCH_INFLIGHT', 4),
  clients: envInt('BENCH_CLIENTS', 32),
  durationSeconds: envInt('BENCH_DURATION_S', 10),
  warmupSeconds: envCount('BENCH_WARMUP_S', 2),
  /** C2 and the bare route take turns in this many rounds each, splitting BENCH_DURATION_S. */
  statusRounds: envInt('BENCH_STATUS_ROUNDS', 2),
  multiClients: envInt('BENCH_MULTI_CLIENTS', 4),
  multiPerCall: Math.min(1000, envInt('BENCH_MULTI_PER_CALL', 1000)),
  probeIntervalMs: envInt('BENCH_PROBE_INTERVAL_MS', 100),
  lagSampleEvery: envInt('BENCH_LAG_SAMPLE_EVERY', 10),
  copyChunk: envInt('BENCH_COPY_CHUNK', 5000),
  profileBatches: envCount('BENCH_PROFILE_BATCHES', 10),
  /** One-at-a-time C1 and C2 requests of the phase profile. */
  profileRequests: envCount('BENCH_PROFILE_REQUESTS', 200),
  /** The API's log level; `info` adds a JSON request log line per call, as `npm start` writes. */
  logLevel: process.env.BENCH_LOG_LEVEL ?? 'silent',
  /**
   * BENCH_API_PROCESSES (e.g. `1,2,3`): the API as `npm start` runs it, IYS_API_PROCESSES = each count in
   * turn (docs/adr/0058), every phase once per count on the same database; unset: the API in this
   * process, with the phase profile.
   */
  apiProcesses: process.env.BENCH_API_PROCESSES
    ? process.env.BENCH_API_PROCESSES.split(',').map((count) => {
        const n = Number(count.trim());
        if (!Number.isSafeInteger(n) || n < 1) throw new Error(`BENCH_API_PROCESSES must list counts >= 1, got "${process.env.BENCH_API_PROCESSES}"`);
        return n;
      })
    : undefined,
  /** The ingest must finish within this, or the run fails. */
  ingestTimeoutSeconds: envInt('BENCH_INGEST_TIMEOUT_S', 300 + Math.ceil(consents / 200)),
};

/** Rounds of one workload as one: summed requests and time, latencies pooled. */
function merge(rounds: (ClosedLoopResult & { server: ServerSide })[]): ClosedLoopResult & { server: ServerSide; rounds: number } {
  const requests = rounds.reduce((n, r) => n + r.requests, 0);
  const units = rounds.reduce((n, r) => n + r.units, 0);
  const answeredUnits = rounds.reduce((n, r) => n + r.answeredUnits, 0);
  const apiThreadCpuMs = rounds.reduce((n, r) => n + r.server.apiThreadCpuMs, 0);
  const seconds = rounds.reduce((n, r) => n + r.seconds, 0);
  const failures: Record<string, number> = {};
  for (const r of rounds) for (const [k, v] of Object.entries(r.failures)) failures[k] = (failures[k] ?? 0) + v;
  const mean = (pick: (s: ServerSide) => number, digits: number) => round(rounds.reduce((n, r) => n + pick(r.server), 0) / rounds.length, digits);
  return {
    ...rounds[0],
    rounds: rounds.length,
    requests,
    seconds,
    requestsPerSecond: Math.round(requests / seconds),
    units,
    answeredUnits,
    unitsPerSecond: Math.round(units / seconds),
    latency: summarise(rounds.flatMap((r) => r.latenciesMs)),
    failures,
    mismatches: rounds.reduce((n, r) => n + r.mismatches, 0),
    phonesUsed: rounds.reduce((n, r) => n + r.phonesUsed, 0),
    latenciesMs: [],
    server: {
      eventLoopUtilization: mean((s) => s.eventLoopUtilization, 3),
      eventLoopDelayP99Ms: Math.max(...rounds.map((r) => r.server.eventLoopDelayP99Ms)),
      poolWaitingMean: mean((s) => s.poolWaitingMean, 1),
      poolWaitingMax: Math.max(...rounds.map((r) => r.server.poolWaitingMax)),
      machineCpuBusy: mean((s) => s.machineCpuBusy, 3),
      apiThreadCpuMs,
      apiCpuUsPerUnit: cpuPerUnit(apiThreadCpuMs, answeredUnits),
    },
  };
}

/** API-thread CPU µs per recipient answered, one decimal. */
function cpuPerUnit(cpuMs: number, units: number): number {
  return round((cpuMs * 1000) / Math.max(1, units), 1);
}

function mark(met: boolean): string {
  return met ? 'MET' : 'MISSED';
}

const ms = (v: number) => (Number.isFinite(v) ? `${v.toFixed(v < 10 ? 2 : 1)} ms` : '—');
const pct = (v: number) => `${(v * 100).toFixed(1)} %`;

async function ingestFigures(result: IngestResult, observer: pg.Pool, brandCode: number) {
  if (result.timedOut) throw new Error(`the ingest did not finish within ${config.ingestTimeoutSeconds} s (BENCH_INGEST_TIMEOUT_S)`);
  if (result.items.failure > 0) throw new Error(`${result.items.failure} ingest items failed: ${JSON.stringify(result.items.failureCodes)}`);
  if (Object.keys(result.probes.failures).length > 0) throw new Error(`C1 probes failed: ${JSON.stringify(result.probes.failures)}`);
  if (result.feed.duplicates > 0) throw new Error(`the change feed listed ${result.feed.duplicates} items twice`);
  const expected = result.items.success + result.probes.ok;
  const { rows: counts } = await observer.query<{ current: number; changes: number }>(
    `SELECT (SELECT count(*)::int FROM consent.current_consent WHERE brand_code = $1) AS current,
            (SELECT count(*)::int FROM consent.changes WHERE brand_code = $1) AS changes`,
    [brandCode],
  );
  if (counts[0].current !== expected || counts[0].changes !== expected) {
    throw new Error(`after the ingest: ${counts[0].current} current consents and ${counts[0].changes} changes, expected ${expected} of each`);
  }

  // Recorded (the event's recorded_at, just before its append commits) → first listed by C6.
  const { rows: recorded } = await observer.query<{ event_id: string; ms: number }>(
    `SELECT event_id::text, (extract(epoch FROM creation_date) * 1000)::float8 AS ms FROM consent.changes WHERE event_id = ANY($1::uuid[])`,
    [result.seen.transactionIds],
  );
  const recordedAt = new Map(recorded.map((r) => [r.event_id, r.ms]));
  // The same items' commit times, where the server keeps them: recorded → committed is the writer's
  // own time (a grouped append's serialising, inserts and outcomes), committed → listed the feed's.
  const committedAt = await commitTimes(observer, result.seen.transactionIds);
  const lagFromTransactionCommit: number[] = [];
  const lagAll: number[] = [];
  const lagBatch: number[] = [];
  const lagProbe: number[] = [];
  const lagWhileAccepting: number[] = [];
  const lagAfterAccepting: number[] = [];
  result.seen.transactionIds.forEach((id, i) => {
    const at = recordedAt.get(id);
    if (at === undefined) return;
    const lag = result.seen.seenAt[i] - at;
    lagAll.push(lag);
    const committed = committedAt?.get(id);
    if (committed !== undefined) lagFromTransactionCommit.push(result.seen.seenAt[i] - committed);
    (result.seen.probe[i] ? lagProbe : lagBatch).push(lag);
    (at <= result.allAcceptedAt ? lagWhileAccepting : lagAfterAccepting).push(lag);
  });

  // The worker's pace: batches completed back to back once the queue is never empty.
  const { rows: completed } = await observer.query<{ first: number; last: number; n: number }>(
    `SELECT (extract(epoch FROM min(completed_at)) * 1000)::float8 AS first, (extract(epoch FROM max(completed_at)) * 1000)::float8 AS last, count(*)::int AS n
       FROM consent.batch_requests WHERE request_id = ANY($1::uuid[])`,
    [result.requestIds],
  );
  const applySeconds = (completed[0].last - completed[0].first) / 1000;
  const end = Math.max(result.allAppliedAt, result.feedCaughtUpAt);
  const seconds = (end - result.startedAt) / 1000;
  return {
    consents: config.consents,
    batches: result.batches,
    seconds: round(seconds, 2),
    consentsPerSecond: Math.round(config.consents / seconds),
    acceptedSeconds: round((result.allAcceptedAt - result.startedAt) / 1000, 2),
    acceptedPerSecond: Math.round(config.consents / ((result.allAcceptedAt - result.startedAt) / 1000)),
    appliedSeconds: round((result.allAppliedAt - result.startedAt) / 1000, 2),
    feedCaughtUpSeconds: round((result.feedCaughtUpAt - result.startedAt) / 1000, 2),
    /** Items per second the batch worker applies, from the completion times of batches 2…n. */
    workerAppliedPerSecond: completed[0].n > 1 ? Math.round(((completed[0].n - 1) * config.batchSize) / applySeconds) : null,
    c3Latency: result.submitLatency,
    c4Polls: result.resultPolls,
    feed: result.feed,
    probes: { sent: result.probes.sent, ok: result.probes.ok, c1Latency: result.probes.latency },
    lag: {
      fromCommit: summarise(lagAll),
      fromCommitBatchItems: summarise(lagBatch),
      fromCommitProbes: summarise(lagProbe),
      /** Recorded while C3 batches were still being accepted (the API busiest) / after. */
      fromCommitWhileAccepting: summarise(lagWhileAccepting),
      fromCommitAfterAccepting: summarise(lagAfterAccepting),
      /** Committed (the writing transaction's commit time) → listed: the feed's own lag; null without commit timestamps. */
      fromTransactionCommit: committedAt ? summarise(lagFromTransactionCommit) : null,
      fromC1Answer: result.probes.lagFromResponse,
      fromC3Acceptance: result.lagFromAcceptance,
    },
  };
}

/** Commit time (ms) of each listed event's writing transaction; undefined when the server does not keep commit times. */
async function commitTimes(observer: pg.Pool, eventIds: string[]): Promise<Map<string, number> | undefined> {
  try {
    const { rows } = await observer.query<{ event_id: string; ms: number | null }>(
      `SELECT event_id::text, (extract(epoch FROM pg_xact_commit_timestamp(xmin)) * 1000)::float8 AS ms FROM event_store.events WHERE event_id = ANY($1::uuid[])`,
      [eventIds],
    );
    return new Map(rows.filter((r) => r.ms !== null).map((r) => [r.event_id, r.ms!]));
  } catch {
    return undefined; // track_commit_timestamp is off (an external server)
  }
}

/** One way of running the API that the workloads are measured against. */
interface ApiUnderTest {
  /** 0: in this process (createHttpApp, as the phase profile needs); n ≥ 1: IYS_API_PROCESSES = n in a process tree of its own. */
  processes: number;
  port: number;
  poolSize: number;
  /** What observeServer watches: the in-process API's pool, or the tree's root process. */
  watch: pg.Pool | { pid: number };
  /** The in-process API's statement timer (the phase profile); absent for a process tree. */
  timer?: AppUnderTest['timer'];
}

/** Waits until the relaxed projections (movements, notices) have caught up with the log's head. */
async function relaxedCaughtUp(observer: pg.Pool, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await observer.query<{ behind: number }>(
      `SELECT count(*)::int AS behind FROM event_store.projection_checkpoints c,
              (SELECT transaction_id, global_position FROM event_store.events ORDER BY transaction_id DESC, global_position DESC LIMIT 1) h
        WHERE c.projection_name IN ('reconciliation.daily-movements', 'recipient.consent-notices') AND c.status = 'active'
          AND (c.last_transaction_id, c.last_global_position) < (h.transaction_id, h.global_position)`,
    );
    if (rows[0].behind === 0) return;
    if (Date.now() > deadline) throw new Error(`the relaxed projections did not catch up within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * Rows of event_store.events read so far, by every statement of the database (sequential and index
 * fetches, from the cumulative statistics): per consent ingested it counts the log reads — the
 * append's position read-back, and one per projection pass that read the stretch from the table.
 */
async function eventRowsRead(observer: pg.Pool): Promise<number> {
  const { rows } = await observer.query<{ n: string }>(
    `SELECT (coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0))::text AS n FROM pg_stat_user_tables WHERE relid = 'event_store.events'::regclass`,
  );
  return Number(rows[0].n);
}

async function main(): Promise<number> {
  const startedAt = new Date();
  const runStarted = performance.now();
  const loadBefore = os.loadavg().map((l) => round(l, 2));
  log(
    `Consent benchmark — ${config.consents} consents by C3 (batches of ${config.batchSize}, ${config.batchesInFlight} in flight), ` +
      `${config.clients} clients × ${config.durationSeconds} s for C1/C2/bare (after ${config.warmupSeconds} s warm-up), ` +
      `${config.multiClients} clients × ${config.multiPerCall} recipients for C5; ` +
      (config.apiProcesses ? `the API as ${config.apiProcesses.join(', ')} processes in turn (IYS_API_PROCESSES), one database` : 'the API in this process'),
  );

  let server: BenchServer | undefined;
  let observer: pg.Pool | undefined;
  let aut: AppUnderTest | undefined;
  let tree: ApiProcess | undefined;
  let bare: { server: FastifyInstance; pool: pg.Pool } | undefined;
  const closeAll = async () => {
    await bare?.server.close().catch(() => undefined);
    await bare?.pool.end().catch(() => undefined);
    bare = undefined;
    await aut?.close().catch(() => undefined);
    aut = undefined;
    await tree?.stop().catch(() => undefined);
    tree = undefined;
    await observer?.end().catch(() => undefined);
    observer = undefined;
    await server?.close().catch(() => undefined);
    server = undefined;
  };
  const stopOnSignal = (signal: NodeJS.Signals) => {
    log(`\n${signal}: stopping`);
    void closeAll().finally(() => process.exit(130));
  };
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);

  try {
    server = await openBenchServer({ commitTimestamps: true });
    const url = await server.createDatabase('');
    await runMigrations(url, allMigrations);
    observer = createPool({ url, size: 3, applicationName: 'iys-bench-observer' });
    const settings = await serverSettings(observer);
    const keys = randomAppKeys();
    const consentDate = formatIysDateTime(new Date(Date.now() - 2 * 3600_000));
    log(`PostgreSQL ${settings.server_version} (${server.kind})`);

    const startApi = async (processes: number): Promise<ApiUnderTest> => {
      if (processes === 0) {
        aut = await startApp(url, config.logLevel, {}, { keys });
        return { processes, port: aut.port, poolSize: aut.config.DB_POOL_SIZE, watch: aut.pool, timer: aut.timer };
      }
      tree = await startApiProcess(url, processes, keys);
      return { processes, port: tree.port, poolSize: Number(process.env.DB_POOL_SIZE ?? 10), watch: { pid: tree.pid } };
    };
    const stopApi = async () => {
      if (aut) await aut.close();
      aut = undefined;
      if (tree) {
        const code = await tree.stop();
        tree = undefined;
        if (code !== 0) throw new Error(`the API process tree exited ${code} on SIGTERM`);
      }
    };

    // (a) The COPY baselines, once, after the first ingest (the same database for every run).
    let copy: { rows: number; seconds: number; rowsPerSecond: number } | undefined;
    let registryCopy: (RegistryCopy & { consents: number; seconds: number; consentsPerSecond: number; rowsPerConsent: number }) | undefined;
    let profile: PhaseProfile | undefined;
    const singleProfiles: RequestProfile[] = [];
    const runs = [];

    for (const [run, processes] of (config.apiProcesses ?? [0]).entries()) {
      const api = await startApi(processes);
      const label = processes === 0 ? 'API in the bench process' : `${processes} API process${processes > 1 ? 'es' : ''}`;
      // A provider of its own per run: its brand's feed, counts and lookups are this run's alone.
      const provider = await onboardProvider(api.port);
      const [brandCode, profileBrandCode] = provider.brandCodes;
      const basePath = `/sps/${provider.iysCode}/brands/${brandCode}`;
      // Recipients of their own per run (the ingest's range holds every run's consents one after another).
      const ingestFrom = PHONE_RANGES.ingest + run * config.consents;
      log('');
      log(`— ${label}: API on 127.0.0.1:${api.port}, pool ${api.poolSize}; provider ${provider.iysCode}, brand ${brandCode}; load ${os.loadavg().map((l) => round(l, 2)).join(' ')}`);

      const eventRowsBefore = await eventRowsRead(observer);
      // 1 + 5: ingest, with the change-feed poller and the C1 probes.
      const { result: ingestRaw, server: ingestServer } = await observeServer(api.watch, () => runInWorker({
        kind: 'ingest',
        port: api.port,
        token: provider.token,
        basePath,
        total: config.consents,
        batchSize: config.batchSize,
        inflight: config.batchesInFlight,
        phoneFrom: ingestFrom,
        consentDate,
        lagSampleEvery: config.lagSampleEvery,
        probeIntervalMs: config.probeIntervalMs,
        probeFrom: PHONE_RANGES.probes + run * PROBES_PER_RUN,
        resultPollMs: 100,
        feedIdleMs: 20,
        timeoutMs: config.ingestTimeoutSeconds * 1000,
      }), `ingest-${run}`);
      if (ingestRaw.timedOut) throw new Error(`the ingest did not finish within ${config.ingestTimeoutSeconds} s (BENCH_INGEST_TIMEOUT_S)`);
      // Every projection done with the ingest, and the statistics flushed (a backend flushes its
      // counters at a commit at least a second after its last flush, or after 10 s idle) before the
      // bench's own look-ups of events (ingestFigures) can count.
      await relaxedCaughtUp(observer, config.ingestTimeoutSeconds * 1000);
      await new Promise((resolve) => setTimeout(resolve, 11_000));
      const eventRowsReadPerConsent = round(((await eventRowsRead(observer)) - eventRowsBefore) / config.consents, 2);
      const ingestOnly = await ingestFigures(ingestRaw, observer, brandCode);
      const ingest = { ...ingestOnly, eventRowsReadPerConsent, server: { ...ingestServer, apiCpuUsPerUnit: cpuPerUnit(ingestServer.apiThreadCpuMs, config.consents) } };
      log(`  1. ingest: ${formatRate(ingest.consentsPerSecond)} consents/s end to end (${ingest.seconds} s; accepted in ${ingest.acceptedSeconds} s, applied by ${ingest.appliedSeconds} s, in the feed by ${ingest.feedCaughtUpSeconds} s)`);
      log(`  5. change-feed lag, recorded → listed by C6: p50 ${ms(ingest.lag.fromCommit.p50Ms)}, p99 ${ms(ingest.lag.fromCommit.p99Ms)}`);
      log(`     event rows read per consent ingested (append read-back + projection passes' log reads): ${eventRowsReadPerConsent}`);

      if (run === 0) {
        // (a) every row the registry keeps for the ingest, then the current-consent rows alone (as before).
        const every = await registryCopyBaseline(observer);
        const consents = every.tables.find((t) => t.table === 'consent.current_consent')!.rows;
        const rows = every.tables.reduce((n, t) => n + t.rows, 0);
        registryCopy = { ...every, consents, seconds: round(every.ms / 1000, 3), consentsPerSecond: Math.round(consents / (every.ms / 1000)), rowsPerConsent: round(rows / consents, 2) };
        log(`  (a) raw COPY of every row the registry keeps: ${formatRate(registryCopy.consentsPerSecond)} consents/s (${registryCopy.rowsPerConsent} rows each: ${every.tables.map((t) => `${t.table} ${t.rows}`).join(', ')})`);
        const copyMs = await copyBaseline(observer, config.consents, config.copyChunk, brandCode, provider.iysCode);
        copy = { rows: config.consents, seconds: round(copyMs / 1000, 3), rowsPerSecond: Math.round(config.consents / (copyMs / 1000)) };
        log(`  (a') raw COPY, current-consent rows alone: ${formatRate(copy.rowsPerSecond)} rows/s`);
      }

      // Phase profile (instrumented; outside every figure): the API in this process only.
      if (api.timer && run === 0) {
        if (config.profileBatches > 0) {
          profile = await profileBatches(
            { port: api.port, token: provider.token, basePath: `/sps/${provider.iysCode}/brands/${profileBrandCode}`, brandCode: profileBrandCode, phoneFrom: PHONE_RANGES.profile, consentDate },
            api.timer,
            observer,
            config.profileBatches,
            config.batchSize,
          );
          api.timer.records.length = 0;
          log(`  phase profile: ${profile.endToEndMs} ms per batch of ${config.batchSize} sent alone (C3 → in the feed)`);
        }
        if (config.profileRequests > 0) {
          const post = async (path: string, body: unknown) => {
            const response = await fetch(`http://127.0.0.1:${api.port}${path}`, {
              method: 'POST',
              headers: { authorization: `Bearer ${provider.token}`, 'content-type': 'application/json' },
              body: JSON.stringify(body),
            });
            await response.text();
            if (response.status !== 200) throw new Error(`phase profile: ${path} answered ${response.status}`);
          };
          singleProfiles.push(await profileRequests(api.timer, 'C1 single add', config.profileRequests, (i) => post(`${basePath}/consents`, consentBody(PHONE_RANGES.profileAdds + i, consentDate))));
          singleProfiles.push(
            await profileRequests(api.timer, 'C2 status', config.profileRequests, (i) =>
              post(`${basePath}/consents/status`, { recipient: phone(ingestFrom + ((i * 7919) % config.consents)), recipientType: 'BIREYSEL', type: 'MESAJ' }),
            ),
          );
          const perCall = config.multiPerCall;
          singleProfiles.push(
            await profileRequests(api.timer, `C5 multi-status (${perCall} recipients)`, Math.max(1, Math.round(config.profileRequests / 10)), (i) =>
              post(`${basePath}/consents/BIREYSEL/status/MESAJ`, {
                recipients: Array.from({ length: perCall }, (_, k) => phone(ingestFrom + ((i * perCall + k) * 7919) % config.consents)),
              }),
            ),
          );
          for (const p of singleProfiles) log(`  phase profile: ${p.label} alone ${p.wallMs} ms = ${p.sqlMs} ms SQL (${p.statementsPerRequest} statements) + ${p.jsMs} ms JavaScript`);
        }
      }

      let profiles = 0;
      const loop = async (
        label: string,
        request: ClosedLoopTask['request'],
        concurrency = config.clients,
        token: string | undefined = provider.token,
        port = api.port,
        watch: pg.Pool | { pid: number } = api.watch,
        seconds = config.durationSeconds,
      ): Promise<ClosedLoopResult & { server: ServerSide }> => {
        const { result, server: side } = await observeServer(
          watch,
          () => runInWorker({ kind: 'closed-loop', label, port, token, concurrency, warmupMs: config.warmupSeconds * 1000, durationMs: seconds * 1000, request }),
          `${request.type}-${run}-${++profiles}`,
        );
        return { ...result, server: { ...side, apiCpuUsPerUnit: cpuPerUnit(side.apiThreadCpuMs, result.answeredUnits) } };
      };

      // 2. C1
      const adds = await loop(`C1 single add, ${config.clients} clients`, { type: 'add', path: `${basePath}/consents`, phoneFrom: PHONE_RANGES.adds + run * ADDS_PER_RUN, consentDate });
      log(`  2. C1: ${formatRate(adds.requestsPerSecond)} adds/s, p50 ${ms(adds.latency.p50Ms)}, p99 ${ms(adds.latency.p99Ms)}`);

      // 3. C2 and (b) the bare route, in alternating rounds so that whatever else the machine does
      // weighs on both alike.
      const barePool = createPool({ url, size: api.poolSize, applicationName: 'iys-bench-bare' });
      const bareServer = await startBareStatusServer(barePool);
      bare = { server: bareServer.server, pool: barePool };
      const { rows: ids } = await observer.query<{ recipient_id: string }>(
        'SELECT recipient_id::text FROM consent.current_consent WHERE brand_code = $1 LIMIT 200000',
        [brandCode],
      );
      const recipientIds = ids.map((r) => r.recipient_id);
      const statusRounds: (ClosedLoopResult & { server: ServerSide })[] = [];
      const bareRounds: (ClosedLoopResult & { server: ServerSide })[] = [];
      const roundSeconds = config.durationSeconds / config.statusRounds;
      for (let r = 0; r < config.statusRounds; r++) {
        const c2 = () =>
          loop(`C2 status, ${config.clients} clients`, { type: 'status', path: `${basePath}/consents/status`, phoneFrom: ingestFrom, phoneCount: config.consents }, config.clients, provider.token, api.port, api.watch, roundSeconds);
        const bareRound = () =>
          loop(`bare Fastify PK lookup, ${config.clients} clients`, { type: 'bare-status', path: BARE_STATUS_PATH(provider.iysCode, brandCode), recipientIds }, config.clients, undefined, bareServer.port, barePool, roundSeconds);
        if (r % 2 === 0) {
          statusRounds.push(await c2());
          bareRounds.push(await bareRound());
        } else {
          bareRounds.push(await bareRound());
          statusRounds.push(await c2());
        }
      }
      const status = merge(statusRounds);
      const bareStatus = merge(bareRounds);
      log(`  3. C2: ${formatRate(status.requestsPerSecond)} checks/s, p50 ${ms(status.latency.p50Ms)}, p99 ${ms(status.latency.p99Ms)}`);
      log(`  (b) bare route: ${formatRate(bareStatus.requestsPerSecond)} lookups/s, p50 ${ms(bareStatus.latency.p50Ms)}, p99 ${ms(bareStatus.latency.p99Ms)}`);
      await bare.server.close();
      await bare.pool.end();
      bare = undefined;

      // 4. C5
      const multi = await loop(
        `C5 multi-status, ${config.multiClients} clients × ${config.multiPerCall} recipients`,
        { type: 'multi', path: `${basePath}/consents/BIREYSEL/status/MESAJ`, phoneFrom: ingestFrom, phoneCount: config.consents, perCall: config.multiPerCall },
        config.multiClients,
      );
      log(`  4. C5: ${formatRate(multi.unitsPerSecond)} recipients/s (${formatRate(multi.requestsPerSecond)} calls/s, p99 ${ms(multi.latency.p99Ms)} per call)`);

      for (const w of [adds, status, bareStatus, multi]) {
        if (Object.keys(w.failures).length > 0) throw new Error(`${w.label}: failed requests ${JSON.stringify(w.failures)}`);
        if (w.mismatches > 0) throw new Error(`${w.label}: ${w.mismatches} answers did not list every recipient asked about`);
        if (w.requests === 0) throw new Error(`${w.label}: no request completed in the measured window`);
      }
      await stopApi();
      runs.push({ processes, label, ingest, adds, status, bareStatus, multi, load: os.loadavg().map((l) => round(l, 2)) });
    }

    const pgVersion = settings.server_version;
    const serverKind = server.kind;
    await closeAll();

    // --------------------------------------------------------------------------------------------
    const figures = runs.map((r) => {
      const ratios = {
        ingestVsCopy: round(r.ingest.consentsPerSecond / registryCopy!.consentsPerSecond, 4),
        ingestVsCurrentConsentCopy: round(r.ingest.consentsPerSecond / copy!.rowsPerSecond, 4),
        statusVsBare: round(r.status.requestsPerSecond / r.bareStatus.requestsPerSecond, 3),
      };
      const targets = {
        ingest: {
          target: `>= ${TARGETS.ingestPerSecond}/s and >= ${TARGETS.ingestVsCopy * 100} % of a raw COPY of every row the registry keeps`,
          value: { perSecond: r.ingest.consentsPerSecond, vsCopy: ratios.ingestVsCopy },
          met: r.ingest.consentsPerSecond >= TARGETS.ingestPerSecond && ratios.ingestVsCopy >= TARGETS.ingestVsCopy,
        },
        singleAdd: {
          target: `>= ${TARGETS.addsPerSecond}/s with p99 <= ${TARGETS.addP99Ms} ms`,
          value: { perSecond: r.adds.requestsPerSecond, p99Ms: r.adds.latency.p99Ms },
          met: r.adds.requestsPerSecond >= TARGETS.addsPerSecond && r.adds.latency.p99Ms <= TARGETS.addP99Ms,
        },
        status: {
          target: `>= ${TARGETS.statusVsBare * 100} % of the bare route with p99 <= ${TARGETS.statusP99Ms} ms`,
          value: { vsBare: ratios.statusVsBare, p99Ms: r.status.latency.p99Ms },
          met: ratios.statusVsBare >= TARGETS.statusVsBare && r.status.latency.p99Ms <= TARGETS.statusP99Ms,
        },
        multiStatus: { target: `>= ${TARGETS.multiRecipientsPerSecond} recipients/s`, value: r.multi.unitsPerSecond, met: r.multi.unitsPerSecond >= TARGETS.multiRecipientsPerSecond },
        feedLag: { target: `p99 <= ${TARGETS.feedLagP99Ms} ms (recorded → listed by C6)`, value: r.ingest.lag.fromCommit.p99Ms, met: r.ingest.lag.fromCommit.p99Ms <= TARGETS.feedLagP99Ms },
      };
      return { ...r, ratios, targets };
    });

    const machine = {
      date: startedAt.toISOString().slice(0, 10),
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      memoryGiB: round(os.totalmem() / 2 ** 30, 1),
      platform: `${os.platform()} ${os.release()}`,
      node: process.version,
      postgres: pgVersion,
      postgresServer: serverKind,
      postgresSettings: settings,
      loadAverageBefore: loadBefore,
      loadAverageAfter: os.loadavg().map((l) => round(l, 2)),
    };

    log('');
    log(`Machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, Node ${machine.node}, PostgreSQL ${machine.postgres} (${machine.postgresServer}; fsync=${settings.fsync}, synchronous_commit=${settings.synchronous_commit}, full_page_writes=${settings.full_page_writes}), ${machine.date}`);
    log(`Load average before/after: ${loadBefore.join(' ')} / ${machine.loadAverageAfter.join(' ')}` + (loadBefore[0] > machine.cpus / 4 ? '  (the machine was busy: expect noisier figures)' : ''));
    log(`(a) raw COPY of every row the registry keeps (${registryCopy!.rowsPerConsent} rows per consent): ${formatRate(registryCopy!.consentsPerSecond)} consents/s; current-consent rows alone: ${formatRate(copy!.rowsPerSecond)} rows/s`);
    for (const f of figures) {
      const { ingest, adds, status, bareStatus, multi, ratios, targets } = f;
      log('');
      log(`${f.label} (load after ${f.load.join(' ')}):`);
      const rows: [string, string, string, string][] = [
        [`1. C3 ingest → applied → in C6 (${formatRate(config.consents)})`, `${formatRate(ingest.consentsPerSecond)} consents/s`, '', ''],
        ['     C3 acceptance only', `${formatRate(ingest.acceptedPerSecond)} consents/s`, ms(ingest.c3Latency.p50Ms), ms(ingest.c3Latency.p99Ms)],
        ['     batch worker (apply)', ingest.workerAppliedPerSecond === null ? '—' : `${formatRate(ingest.workerAppliedPerSecond)} consents/s`, '', ''],
        [`2. C1 single add, ${config.clients} clients`, `${formatRate(adds.requestsPerSecond)} adds/s`, ms(adds.latency.p50Ms), ms(adds.latency.p99Ms)],
        [`3. C2 status, ${config.clients} clients`, `${formatRate(status.requestsPerSecond)} checks/s`, ms(status.latency.p50Ms), ms(status.latency.p99Ms)],
        [`   (b) bare Fastify PK lookup, ${config.clients} clients`, `${formatRate(bareStatus.requestsPerSecond)} lookups/s`, ms(bareStatus.latency.p50Ms), ms(bareStatus.latency.p99Ms)],
        [`4. C5 multi-status, ${config.multiClients} × ${config.multiPerCall}`, `${formatRate(multi.unitsPerSecond)} recipients/s`, ms(multi.latency.p50Ms), ms(multi.latency.p99Ms)],
        ['5. C6 lag: recorded → listed (sampled)', `${formatRate(ingest.lag.fromCommit.count)} samples`, ms(ingest.lag.fromCommit.p50Ms), ms(ingest.lag.fromCommit.p99Ms)],
        ['     recorded while C3 was accepting', `${formatRate(ingest.lag.fromCommitWhileAccepting.count)} samples`, ms(ingest.lag.fromCommitWhileAccepting.p50Ms), ms(ingest.lag.fromCommitWhileAccepting.p99Ms)],
        ['     recorded after C3 had accepted all', `${formatRate(ingest.lag.fromCommitAfterAccepting.count)} samples`, ms(ingest.lag.fromCommitAfterAccepting.p50Ms), ms(ingest.lag.fromCommitAfterAccepting.p99Ms)],
        ...(ingest.lag.fromTransactionCommit
          ? [['     committed → listed (the feed alone)', `${formatRate(ingest.lag.fromTransactionCommit.count)} samples`, ms(ingest.lag.fromTransactionCommit.p50Ms), ms(ingest.lag.fromTransactionCommit.p99Ms)] as [string, string, string, string]]
          : []),
        ['     C1 probe answered → listed', `${formatRate(ingest.lag.fromC1Answer.count)} samples`, ms(ingest.lag.fromC1Answer.p50Ms), ms(ingest.lag.fromC1Answer.p99Ms)],
        ['     C3 answered → listed (incl. queue)', `${formatRate(ingest.lag.fromC3Acceptance.count)} items`, ms(ingest.lag.fromC3Acceptance.p50Ms), ms(ingest.lag.fromC3Acceptance.p99Ms)],
      ];
      const w0 = Math.max(...rows.map((r) => r[0].length));
      log(`${pad('workload', w0)}  ${pad('throughput', 22, true)}  ${pad('p50', 10, true)}  ${pad('p99', 10, true)}`);
      log(`${'-'.repeat(w0)}  ${'-'.repeat(22)}  ${'-'.repeat(10)}  ${'-'.repeat(10)}`);
      for (const [a, b, c, d] of rows) log(`${pad(a, w0)}  ${pad(b, 22, true)}  ${pad(c, 10, true)}  ${pad(d, 10, true)}`);
      log('');
      const targetRows: [string, string, string][] = [
        ['ingest / raw COPY', `${formatRate(ingest.consentsPerSecond)}/s, ${pct(ratios.ingestVsCopy)}`, `>= ${formatRate(TARGETS.ingestPerSecond)}/s, >= ${TARGETS.ingestVsCopy * 100} %  ${mark(targets.ingest.met)}`],
        ['single add', `${formatRate(adds.requestsPerSecond)}/s, p99 ${ms(adds.latency.p99Ms)}`, `>= ${formatRate(TARGETS.addsPerSecond)}/s, p99 <= ${TARGETS.addP99Ms} ms  ${mark(targets.singleAdd.met)}`],
        ['status / bare route', `${pct(ratios.statusVsBare)}, p99 ${ms(status.latency.p99Ms)}`, `>= ${TARGETS.statusVsBare * 100} %, p99 <= ${TARGETS.statusP99Ms} ms  ${mark(targets.status.met)}`],
        ['multi-status', `${formatRate(multi.unitsPerSecond)} recipients/s`, `>= ${formatRate(TARGETS.multiRecipientsPerSecond)}/s  ${mark(targets.multiStatus.met)}`],
        ['change-feed lag p99', ms(ingest.lag.fromCommit.p99Ms), `<= ${TARGETS.feedLagP99Ms} ms  ${mark(targets.feedLag.met)}`],
      ];
      for (const [what, value, target] of targetRows) log(`${pad(what, 22)} ${pad(value, 30, true)}   ${target}`);
      log('');
      log(
        f.processes === 0
          ? 'Server side during each workload (event loop utilisation of the API thread, its p99 delay, requests queued for a pool connection, all CPUs busy):'
          : 'Server side during each workload (all CPUs busy; CPU of the whole API process tree — primary, API processes, background worker):',
      );
      const sides: [string, ServerSide][] = [['1. ingest', ingest.server], ['2. C1', adds.server], ['3. C2', status.server], ['(b) bare route', bareStatus.server], ['4. C5', multi.server]];
      for (const [what, side] of sides) {
        const unit = what.includes('C5') ? 'recipient' : what.includes('ingest') ? 'consent' : 'request';
        const cpu = side.apiCpuUsPerUnit === undefined ? '' : `   API ${f.processes === 0 || what.startsWith('(b)') ? 'thread' : 'tree'} CPU ${side.apiCpuUsPerUnit} µs per ${unit}`;
        log(
          f.processes === 0 || what.startsWith('(b)')
            ? `  ${pad(what, 16)} ELU ${side.eventLoopUtilization.toFixed(2)}   loop delay p99 ${pad(ms(side.eventLoopDelayP99Ms), 9, true)}   pool waiting mean ${pad(side.poolWaitingMean.toFixed(1), 5, true)} / max ${pad(String(side.poolWaitingMax), 3, true)}   CPUs busy ${pct(side.machineCpuBusy)}${cpu}`
            : `  ${pad(what, 16)} CPUs busy ${pct(side.machineCpuBusy)}${cpu}`,
        );
      }
    }
    if (figures.length > 1) {
      log('');
      log('API processes | ingest/s | ÷ COPY | lag p99 ms | event rows read per consent | C1/s (p99 ms) | C2 ÷ bare (p99 ms) | C5 recipients/s | API CPU µs: consent / C1 / C2 / C5 recipient | load after');
      for (const f of figures) {
        log(
          `${f.processes} | ${f.ingest.consentsPerSecond} | ${pct(f.ratios.ingestVsCopy)} | ${f.ingest.lag.fromCommit.p99Ms} | ${f.ingest.eventRowsReadPerConsent} | ${f.adds.requestsPerSecond} (${f.adds.latency.p99Ms}) | ` +
            `${f.ratios.statusVsBare} (${f.status.latency.p99Ms}) | ${f.multi.unitsPerSecond} | ${f.ingest.server.apiCpuUsPerUnit} / ${f.adds.server.apiCpuUsPerUnit} / ${f.status.server.apiCpuUsPerUnit} / ${f.multi.server.apiCpuUsPerUnit} | ${f.load.join(' ')}`,
        );
      }
    }

    if (profile) {
      log('');
      log(`Where a batch's time goes: ${profile.batches} batches of ${profile.batchSize} sent one at a time, every statement of the API's pool timed ` +
        `(${profile.endToEndMs} ms from C3 call to in the feed; C3 answer → worker's first statement ${profile.queueToWorkerMs} ms; not part of any figure above):`);
      for (const stage of profile.stages) {
        log(`  ${stage.stage}: ${stage.wallMs} ms wall = ${stage.sqlMs} ms SQL + ${stage.jsMs} ms JavaScript/waiting`);
        for (const s of stage.steps) {
          log(`    ${pad(s.step, 58)} ${pad(s.calls.toString(), 5, true)}×  SQL ${pad(s.sqlMs.toFixed(2), 8, true)} ms   JS before ${pad(s.jsBeforeMs.toFixed(2), 8, true)} ms`);
        }
      }
    }

    for (const p of singleProfiles) {
      log('');
      log(`Where a ${p.label}'s time goes, one request at a time (${p.requests} requests; ${p.wallMs} ms wall = ${p.sqlMs} ms SQL in ${p.statementsPerRequest} statements + ${p.jsMs} ms JavaScript/HTTP):`);
      for (const s of p.steps) {
        log(`    ${pad(s.step, 58)} ${pad(s.calls.toString(), 5, true)}×  SQL ${pad(s.sqlMs.toFixed(2), 8, true)} ms   JS before ${pad(s.jsBeforeMs.toFixed(2), 8, true)} ms`);
      }
    }

    const perRun = figures.map((f) => ({
      apiProcesses: f.processes === 0 ? 'in the bench process' : f.processes,
      loadAverageAfter: f.load,
      workloads: {
        ingest: f.ingest,
        singleAdd: { ...f.adds, latenciesMs: undefined },
        status: { ...f.status, latenciesMs: undefined },
        bareStatus: { ...f.bareStatus, latenciesMs: undefined },
        multiStatus: { ...f.multi, latenciesMs: undefined },
      },
      ratios: f.ratios,
      targets: f.targets,
      allTargetsMet: Object.values(f.targets).every((t) => t.met),
    }));
    const result = {
      benchmark: 'consent',
      startedAt: startedAt.toISOString(),
      totalSeconds: round((performance.now() - runStarted) / 1000, 1),
      machine,
      config,
      baselines: { registryCopy, currentConsentCopy: copy },
      // The first run's figures at the top, as before; every run's (one per API process count) in `runs`.
      ...perRun[0],
      runs: perRun,
      phaseProfile: { batch: profile ?? null, requests: singleProfiles },
    };
    log('');
    log(JSON.stringify(result));
    return 0;
  } finally {
    await closeAll();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
    // Everything is closed; if a stray handle still holds the loop open, do not hang the caller.
    setTimeout(() => process.exit(process.exitCode), 5000).unref();
  },
  (error: unknown) => {
    process.stderr.write(`consent.bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
    setTimeout(() => process.exit(1), 5000).unref();
  },
);

