/**
 * Read replicas (ADR 0047): C2 and C5 throughput through HTTP with 0 and with 1 streaming standby,
 * on one embedded primary in one run (docs/benchmarks.md, "Read replicas"). Two APIs share the
 * primary, its keys and its data: one reads everything from the primary, the other routes C2 and C5
 * to the standby. They are measured in alternating rounds so that whatever else the machine does
 * weighs on both alike. Prints a table, then exactly one JSON line as the last line.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { formatIysDateTime } from '@iys/platform/building-blocks';
import { ReadRouter, runMigrations, startEmbeddedPostgres, startEmbeddedStandby } from '@iys/platform/database';
import { allMigrations } from '@iys/composition';
import { onboardProvider, randomAppKeys, startApp, type AppUnderTest } from '../consent/app-under-test.js';
import { PHONE_RANGES } from '../consent/consent-inputs.js';
import { runInWorker, type ClosedLoopResult, type ClosedLoopTask } from '../consent/load.js';
import { envInt, formatRate, log, pad, round } from '../store/bench-utils.js';

const config = {
  consents: envInt('BENCH_CONSENTS', 20_000),
  clients: envInt('BENCH_CLIENTS', 16),
  multiClients: envInt('BENCH_MULTI_CLIENTS', 4),
  multiPerCall: Math.min(1000, envInt('BENCH_MULTI_PER_CALL', 1000)),
  durationSeconds: envInt('BENCH_DURATION_S', 5),
  warmupSeconds: envInt('BENCH_WARMUP_S', 1),
  rounds: envInt('BENCH_ROUNDS', 2),
};

interface Figure {
  requestsPerSecond: number;
  unitsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  failures: number;
}

/** Rounds of one workload as one figure: summed requests over summed time, the worst p99. */
function combine(results: ClosedLoopResult[]): Figure {
  const seconds = results.reduce((n, r) => n + r.seconds, 0);
  return {
    requestsPerSecond: Math.round(results.reduce((n, r) => n + r.requests, 0) / seconds),
    unitsPerSecond: Math.round(results.reduce((n, r) => n + r.units, 0) / seconds),
    p50Ms: round(results.reduce((n, r) => n + r.latency.p50Ms, 0) / results.length, 2),
    p99Ms: round(Math.max(...results.map((r) => r.latency.p99Ms)), 2),
    failures: results.reduce((n, r) => n + Object.values(r.failures).reduce((a, b) => a + b, 0) + r.mismatches, 0),
  };
}

async function main(): Promise<void> {
  const folder = await fs.mkdtemp(path.join(os.tmpdir(), 'iys-bench-replicas-'));
  await fs.chmod(folder, 0o755);
  const primary = await startEmbeddedPostgres({ dataDir: path.join(folder, 'primary'), database: 'iys', persistent: false, extraFlags: ['-c', 'max_connections=200'] });
  let standby: Awaited<ReturnType<typeof startEmbeddedStandby>> | undefined;
  const apps: AppUnderTest[] = [];
  try {
    await runMigrations(primary.url, allMigrations);
    standby = await startEmbeddedStandby({ primaryUrl: primary.url, primaryClusterDir: primary.clusterDir, clusterDir: path.join(folder, 'standby', 'pg'), database: 'iys', postgresFlags: ['-c', 'max_connections=200'] });
    const keys = randomAppKeys();
    // The ingest runs on an API of its own with the batch worker and projections in-process; the two
    // measured APIs run no background work, so they differ only in where their reads go.
    const ingester = await startApp(primary.url, 'silent', {}, { keys });
    apps.push(ingester);
    const provider = await onboardProvider(ingester.port);
    const basePath = `/sps/${provider.iysCode}/brands/${provider.brandCodes[0]}`;
    log(`Read replicas: ${config.consents} consents, C2 with ${config.clients} clients, C5 (${config.multiPerCall} recipients per call) with ${config.multiClients} clients, ${config.rounds} × ${config.durationSeconds} s each side`);
    const ingest = await runInWorker({
      kind: 'ingest',
      port: ingester.port,
      token: provider.token,
      basePath,
      total: config.consents,
      batchSize: 1000,
      inflight: 4,
      phoneFrom: PHONE_RANGES.ingest,
      consentDate: formatIysDateTime(new Date(Date.now() - 86_400_000)),
      lagSampleEvery: 100,
      probeIntervalMs: 1000,
      probeFrom: PHONE_RANGES.probes,
      resultPollMs: 100,
      feedIdleMs: 50,
      timeoutMs: 600_000,
    });
    if (ingest.timedOut || ingest.items.failure > 0) throw new Error(`the ingest failed: ${JSON.stringify(ingest.items)}`);
    await ingester.close();
    apps.pop();

    const quiet = { IYS_RUN_WORKER_IN_API: 'false' };
    const primaryOnly = await startApp(primary.url, 'silent', quiet, { keys });
    apps.push(primaryOnly);
    let router: ReadRouter | undefined;
    const replicated = await startApp(primary.url, 'silent', quiet, {
      keys,
      // BENCH_CONTROL=1: the second API has no replica either (a control for the set-up itself).
      readRouter: (pool) => (router = new ReadRouter({ primary: pool, replicaUrls: process.env.BENCH_CONTROL === '1' ? [] : [standby!.url], poolSize: primaryOnly.config.DB_POOL_SIZE })),
    });
    apps.push(replicated);
    for (; router!.hasReplicas; ) {
      await router!.checkNow();
      const [replica] = router!.status();
      if (replica.inRotation && replica.lagMs === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }

    const loop = (app: AppUnderTest, label: string, request: ClosedLoopTask['request'], concurrency: number) =>
      runInWorker({ kind: 'closed-loop', label, port: app.port, token: provider.token, concurrency, warmupMs: config.warmupSeconds * 1000, durationMs: config.durationSeconds * 1000, request });
    const status: ClosedLoopTask['request'] = { type: 'status', path: `${basePath}/consents/status`, phoneFrom: PHONE_RANGES.ingest, phoneCount: config.consents };
    const multi: ClosedLoopTask['request'] = { type: 'multi', path: `${basePath}/consents/BIREYSEL/status/MESAJ`, phoneFrom: PHONE_RANGES.ingest, phoneCount: config.consents, perCall: config.multiPerCall };
    const rounds = { c2: [[], []] as ClosedLoopResult[][], c5: [[], []] as ClosedLoopResult[][] };
    const countsBefore = router!.counts();
    for (let r = 0; r < config.rounds; r += 1) {
      // Which side goes first alternates, so a drift of the machine's load weighs on both.
      const order: [number, AppUnderTest][] = r % 2 === 0 ? [[0, primaryOnly], [1, replicated]] : [[1, replicated], [0, primaryOnly]];
      for (const [side, app] of order) {
        rounds.c2[side].push(await loop(app, `C2, ${side} replica`, status, config.clients));
        rounds.c5[side].push(await loop(app, `C5, ${side} replica`, multi, config.multiClients));
      }
    }
    const countsAfter = router!.counts();
    const standbyQueries = (Object.values(countsAfter.replicas)[0] ?? 0) - (Object.values(countsBefore.replicas)[0] ?? 0);
    const primaryQueries = countsAfter.primary - countsBefore.primary;

    const c2 = { zero: combine(rounds.c2[0]), one: combine(rounds.c2[1]) };
    const c5 = { zero: combine(rounds.c5[0]), one: combine(rounds.c5[1]) };
    const ratio = (figures: { zero: Figure; one: Figure }, units = false) =>
      round((units ? figures.one.unitsPerSecond : figures.one.requestsPerSecond) / (units ? figures.zero.unitsPerSecond : figures.zero.requestsPerSecond), 3);
    const load = os.loadavg().map((value) => round(value, 2));
    log('');
    log(`${pad('workload', 20)}${pad('0 replicas', 18)}${pad('1 replica', 18)}${pad('ratio', 8)}`);
    log(`${pad('C2 checks/s', 20)}${pad(formatRate(c2.zero.requestsPerSecond), 18)}${pad(formatRate(c2.one.requestsPerSecond), 18)}${pad(String(ratio(c2)), 8)}`);
    log(`${pad('C2 p99', 20)}${pad(`${c2.zero.p99Ms} ms`, 18)}${pad(`${c2.one.p99Ms} ms`, 18)}`);
    log(`${pad('C5 recipients/s', 20)}${pad(formatRate(c5.zero.unitsPerSecond), 18)}${pad(formatRate(c5.one.unitsPerSecond), 18)}${pad(String(ratio(c5, true)), 8)}`);
    log(`${pad('C5 p99', 20)}${pad(`${c5.zero.p99Ms} ms`, 18)}${pad(`${c5.one.p99Ms} ms`, 18)}`);
    log(`routed reads answered by the standby: ${standbyQueries} (primary: ${primaryQueries}); failures: ${c2.zero.failures + c2.one.failures + c5.zero.failures + c5.one.failures}; load average ${load.join(' ')} on ${os.cpus().length} cores`);
    console.log(
      JSON.stringify({
        bench: 'replicas',
        config,
        cores: os.cpus().length,
        loadAverage: load,
        c2: { ...c2, ratio: ratio(c2) },
        c5: { ...c5, ratio: ratio(c5, true) },
        routedReads: { standby: standbyQueries, primary: primaryQueries },
      }),
    );
  } finally {
    for (const app of apps.reverse()) await app.close().catch(() => undefined);
    await standby?.stop().catch(() => undefined);
    await primary.stop().catch(() => undefined);
    await fs.rm(folder, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
