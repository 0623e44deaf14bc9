/**
 * Event-store throughput, all figures from one run on one freshly started PostgreSQL
 * (docs/benchmarks.md):
 *   (a) raw COPY of equivalent rows into a copy of event_store.events — the physical limit;
 *   (b) our multi-stream batch append — 1000 new streams per appendBatch, sequential (its events
 *       through COPY, docs/adr/0064), (b') the same without command ids, and (b'') the same with its
 *       events in the one statement as before ADR 0064 ((a), (b), (b'), (b'') take turns, so that
 *       load from elsewhere on the machine weighs on all of them alike);
 *   (c) our single-stream append — one new stream per append, sequential and 8-concurrent, in
 *       turns with (d) the same through Emmett (@event-driven-io/emmett-postgresql) in its own database;
 *   (e) EventChainVerifier.verifyAll over the whole store ((b), (b'), (c), their warm-ups).
 * Prints a table, then exactly one JSON line as the last line. Exits 0 whether or not a target is
 * met (it is a measurement); non-zero only when something fails.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { createPool, runMigrations } from '@iys/platform/database';
import { EventChainVerifier, PostgresEventStore, eventStoreMigrations } from '@iys/platform/event-store';
import { BENCH_DURABLE, openBenchServer, type BenchServer } from './bench-server.js';
import {
  envInt,
  formatRate,
  log,
  measurement,
  pad,
  round,
  roundSizes,
  runConcurrently,
  serverCpuClock,
  serverSettings,
  timedRounds,
  type Measurement,
} from './bench-utils.js';
import { EVENT_TYPE, EventFactory, toAppendRequest, type BenchEvent } from './consent-payload.js';
import { copyChunk } from './copy-rows.js';
import { measurePhases, type PhaseReport } from './phase-timer.js';

// verifyAll's target is a ratio to a plain sequential read of the same rows, measured in the same run by
// bench:reconciliation (ADR 0065); here its rate is information.
const TARGETS = { batchVsCopy: 0.4, batchVsEmmett: 3, singleVsEmmett: 1.0 };

const config = {
  /** Events written by (a), (b) and Emmett's batch-equivalent. */
  events: envInt('BENCH_EVENTS', 100_000),
  batchSize: envInt('BENCH_BATCH_SIZE', 1000),
  copyChunk: envInt('BENCH_COPY_CHUNK', 5000),
  /** Appends made by each single-stream workload. */
  single: envInt('BENCH_SINGLE', 5000),
  concurrency: envInt('BENCH_CONCURRENCY', 8),
  /** Append requests carry their command id (idempotency), as a command handler's do. */
  commandIds: process.env.BENCH_COMMAND_IDS !== '0',
};

// ---------------------------------------------------------------------------------------------
// CPU per event, client and server: what load from elsewhere does not change

// ---------------------------------------------------------------------------------------------
// (a) raw COPY and (b) our batch append, interleaved

/**
 * (a), (b) and (b') write the same number of events in turns — one COPY chunk, then as many
 * appendBatch calls as make up the same number of events — in an order rotated every turn, so that
 * whatever else the machine is doing weighs on all of them alike and their ratios stay meaningful.
 * (b') is (b) without command ids on the requests: what idempotency costs.
 */
async function benchCopyAndBatch(
  pool: pg.Pool,
  store: PostgresEventStore,
  factory: EventFactory,
): Promise<{ copy: Measurement; batch: Measurement; batchNoCommandIds: Measurement; batchOneStatement: Measurement; cpuMicrosecondsPerEvent: Record<string, { node: number; server?: number; total?: number }> }> {
  const serverCpu = await serverCpuClock(pool);
  // The same store with every batch's events in the one statement (the path before ADR 0064).
  const oneStatement = new PostgresEventStore({ pool, copyEventsFrom: Infinity });
  await pool.query('CREATE SCHEMA IF NOT EXISTS bench');
  // Same columns, types, defaults, identity (its own sequence), constraints and indexes; LIKE never
  // copies triggers, so the append-only triggers are left behind.
  await pool.query('CREATE TABLE bench.events_copy (LIKE event_store.events INCLUDING ALL)');
  const client = await pool.connect();
  try {
    const batches = (withCommandIds: boolean, through = store) => async (events: BenchEvent[]) => {
      for (let i = 0; i < events.length; i += config.batchSize) {
        await through.appendBatch(events.slice(i, i + config.batchSize).map((e) => toAppendRequest(e, withCommandIds)));
      }
    };
    const lanes = [
      { name: 'copy', run: (events: BenchEvent[]) => copyChunk(client, 'bench.events_copy', events), ms: 0, node: 0, server: 0 },
      { name: 'batch', run: batches(config.commandIds), ms: 0, node: 0, server: 0 },
      { name: 'batchNoCommandIds', run: batches(false), ms: 0, node: 0, server: 0 },
      { name: 'batchOneStatement', run: batches(config.commandIds, oneStatement), ms: 0, node: 0, server: 0 },
    ];
    // Warm-up: a chunk's worth each.
    for (const lane of lanes) await lane.run(factory.take(config.copyChunk));
    const turns = roundSizes(config.events, config.copyChunk);
    for (const [turn, size] of turns.entries()) {
      for (let k = 0; k < lanes.length; k++) {
        const lane = lanes[(turn + k) % lanes.length];
        const events = factory.take(size);
        const cpu = process.cpuUsage();
        const server = serverCpu?.() ?? 0;
        const started = performance.now();
        await lane.run(events);
        lane.ms += performance.now() - started;
        lane.server += (serverCpu?.() ?? 0) - server;
        const used = process.cpuUsage(cpu);
        lane.node += used.user + used.system;
      }
    }
    const perEvent = (us: number) => round(us / config.events, 1);
    return {
      // Node's and the server's CPU per event: the physical cost, which the machine's load does not change.
      cpuMicrosecondsPerEvent: Object.fromEntries(
        lanes.map((lane) => [lane.name, { node: perEvent(lane.node), ...(serverCpu ? { server: perEvent(lane.server), total: perEvent(lane.node + lane.server) } : {}) }]),
      ),
      copy: measurement(`(a) raw COPY (pg-copy-streams, text, ${config.copyChunk}-row chunks)`, config.events, lanes[0].ms),
      batch: measurement(`(b) ours: appendBatch, ${config.batchSize} new streams × 1 event per call, sequential`, config.events, lanes[1].ms),
      batchNoCommandIds: measurement("(b') ours: as (b), requests without command ids (no idempotency)", config.events, lanes[2].ms),
      batchOneStatement: measurement("(b'') ours: as (b), events in the one statement (no COPY)", config.events, lanes[3].ms),
    };
  } finally {
    client.release();
  }
}

// ---------------------------------------------------------------------------------------------
// (c) our single-stream append, in turns with (d) Emmett's

type AppendOne = (e: BenchEvent) => Promise<unknown>;

/**
 * Ours and Emmett's single appends, sequential and with `concurrency` clients, in rounds of 500
 * taken in turns (the order rotated every turn), so that load from elsewhere on the machine weighs
 * on both alike: on a shared machine a figure measured minutes after the other is not comparable.
 */
async function benchSingles(ours: AppendOne, oursWithoutCommandIds: AppendOne, emmett: AppendOne, factory: EventFactory, concurrency: number, walPosition: () => Promise<bigint>) {
  const lanes = [
    { name: 'ours', one: ours, c: 1, ms: 0, wal: 0n },
    { name: 'emmett', one: emmett, c: 1, ms: 0, wal: 0n },
    { name: 'ours', one: ours, c: concurrency, ms: 0, wal: 0n },
    { name: 'emmett', one: emmett, c: concurrency, ms: 0, wal: 0n },
    { name: 'ours, no command ids', one: oursWithoutCommandIds, c: concurrency, ms: 0, wal: 0n },
  ];
  for (const lane of lanes) await runConcurrently(factory.take(200), lane.c, lane.one); // warm-up
  const sizes = roundSizes(config.single, 500);
  for (const [turn, size] of sizes.entries()) {
    for (let k = 0; k < lanes.length; k++) {
      const lane = lanes[(turn + k) % lanes.length];
      const events = factory.take(size);
      const walBefore = await walPosition();
      const started = performance.now();
      await runConcurrently(events, lane.c, lane.one);
      lane.ms += performance.now() - started;
      // Cluster-wide WAL written meanwhile (both databases share the server): what each commit must flush.
      lane.wal += (await walPosition()) - walBefore;
    }
  }
  const walPerAppend = (lane: (typeof lanes)[number]) => Math.round(Number(lane.wal) / config.single);
  const c = concurrency;
  return {
    singleSequential: measurement('(c) ours: append, 1 new stream × 1 event per call, sequential', config.single, lanes[0].ms),
    emmettSingleSequential: measurement('(d) Emmett: appendToStream, 1 new stream × 1 event, sequential', config.single, lanes[1].ms),
    singleConcurrent: measurement(`(c) ours: append, 1 new stream × 1 event per call, ${c} concurrent clients`, config.single, lanes[2].ms),
    emmettSingleConcurrent: measurement(`(d) Emmett: appendToStream, 1 new stream × 1 event, ${c} concurrent clients`, config.single, lanes[3].ms),
    singleConcurrentNoCommandIds: measurement(`(c') ours: as (c) with ${c} clients, no command ids (no idempotency row)`, config.single, lanes[4].ms),
    walBytesPerAppend: { ours: walPerAppend(lanes[0]), emmett: walPerAppend(lanes[1]), oursConcurrent: walPerAppend(lanes[2]), emmettConcurrent: walPerAppend(lanes[3]), oursNoCommandIds: walPerAppend(lanes[4]) },
  };
}

/** Instrumented appends (outside every timed figure): where does an append's time go? */
async function appendPhases(url: string, factory: EventFactory, eventsPerCall: number, calls: number, copyEventsFrom?: number): Promise<PhaseReport> {
  const pool = createPool({ url, size: 1, applicationName: 'iys-bench-phases' });
  try {
    return await measurePhases(
      pool,
      (instrumented) => {
        const store = new PostgresEventStore({ pool: instrumented, copyEventsFrom });
        return (events: BenchEvent[]) => store.appendBatch(events.map((e) => toAppendRequest(e, config.commandIds)));
      },
      () => factory.take(eventsPerCall),
      calls,
      eventsPerCall,
    );
  } finally {
    await pool.end();
  }
}

// ---------------------------------------------------------------------------------------------
// (e) verification

async function benchVerify(pool: pg.Pool, streamIds: string[]): Promise<Measurement & { streamsChecked: number; ok: boolean }> {
  const verifier = new EventChainVerifier(pool);
  for (const id of streamIds.slice(0, 300)) await verifier.verifyStream(id); // warm-up: same checker code
  const started = performance.now();
  const report = await verifier.verifyAll();
  const ms = performance.now() - started;
  if (!report.ok) throw new Error(`verifyAll found a broken chain: ${JSON.stringify(report.firstBroken, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))}`);
  return { ...measurement('(e) ours: EventChainVerifier.verifyAll', report.eventsChecked, ms), streamsChecked: report.streamsChecked, ok: report.ok };
}

// ---------------------------------------------------------------------------------------------
// (d) Emmett

/** The installed version of a package whose `exports` hide its package.json. */
async function packageVersion(name: string): Promise<string> {
  const entry = createRequire(import.meta.url).resolve(name);
  const root = entry.slice(0, entry.lastIndexOf(`/node_modules/${name}/`) + `/node_modules/${name}/`.length);
  const manifest = JSON.parse(await readFile(`${root}package.json`, 'utf8')) as { version: string };
  return manifest.version;
}

interface EmmettLane {
  one: AppendOne;
  version: string;
  close(): Promise<void>;
}

async function openEmmett(url: string): Promise<EmmettLane> {
  // Emmett's pool sets pg's global type parsers (int8 → BigInt, jsonb); everything of ours that
  // runs after this point reads int8 through Number()/BigInt(), which take either.
  const { getPostgreSQLEventStore } = await import('@event-driven-io/emmett-postgresql');
  // Emmett's own pool would be a default pg.Pool (max 10) that close() only ends once no other
  // user of the same connection string is counted; handing it one we own makes closing certain.
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  pool.on('error', () => undefined);
  const emmett = getPostgreSQLEventStore(url, { connectionOptions: { pool } });
  await emmett.schema.migrate(); // otherwise done lazily by the first append: keep it out of the timings
  return {
    one: async (e: BenchEvent) => {
      await emmett.appendToStream(e.streamId, [{ type: EVENT_TYPE, data: e.data, metadata: e.metadata }], { expectedStreamVersion: 0n });
    },
    version: await packageVersion('@event-driven-io/emmett-postgresql'),
    async close() {
      await emmett.close();
      await pool.end();
    },
  };
}

/** Emmett's batch-equivalents: as many single-stream appends as (b) writes events. */
async function benchEmmettBatches(emmett: EmmettLane, factory: EventFactory): Promise<{ batchSequential: Measurement; batchConcurrent: Measurement }> {
  const run = (concurrency: number) => (events: BenchEvent[]) => runConcurrently(events, concurrency, emmett.one);
  const workload = async (total: number, roundSize: number, concurrency: number) => {
    await run(concurrency)(factory.take(200)); // warm-up
    const sizes = roundSizes(total, roundSize);
    return timedRounds(sizes.length, (r) => factory.take(sizes[r]), run(concurrency));
  };
  const c = config.concurrency;
  const batchSequential = measurement(`(d) Emmett: ${config.batchSize} streams per round, 1 appendToStream each, sequential`, config.events, await workload(config.events, config.batchSize, 1));
  const batchConcurrent = measurement(`(d) Emmett: ${config.batchSize} streams per round, 1 appendToStream each, ${c} concurrent`, config.events, await workload(config.events, config.batchSize, c));
  return { batchSequential, batchConcurrent };
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<number> {
  const startedAt = new Date();
  const runStarted = performance.now();
  const loadBefore = os.loadavg().map((l) => round(l, 2));
  log(`Event-store benchmark — ${config.events} events per bulk workload, ${config.single} per single-append workload, ` +
    `batch ${config.batchSize}, concurrency ${config.concurrency}, command ids ${config.commandIds ? 'on' : 'off'}`);

  let server: BenchServer | undefined;
  let pool: pg.Pool | undefined;
  const stopOnSignal = (signal: NodeJS.Signals) => {
    log(`\n${signal}: stopping`);
    void (async () => {
      await pool?.end().catch(() => undefined);
      await server?.close().catch(() => undefined);
      process.exit(130);
    })();
  };
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);

  try {
    server = await openBenchServer();
    const url = await server.createDatabase('');
    const emmettUrl = await server.createDatabase('emmett');
    log(`PostgreSQL: ${server.kind}; databases created`);
    await runMigrations(url, eventStoreMigrations);
    pool = createPool({ url, size: config.concurrency, applicationName: 'iys-bench' });
    const settings = await serverSettings(pool);
    const store = new PostgresEventStore({ pool });
    const factory = new EventFactory();
    const sample = factory.take(1)[0];
    const dataBytes = Buffer.byteLength(JSON.stringify(sample.data));
    const metadataBytes = Buffer.byteLength(JSON.stringify(sample.metadata));

    const { copy, batch, batchNoCommandIds, batchOneStatement, cpuMicrosecondsPerEvent } = await benchCopyAndBatch(pool, store, factory);
    for (const m of [copy, batch, batchNoCommandIds, batchOneStatement]) log(`  ${m.workload}: ${formatRate(m.eventsPerSecond)} events/s`);
    log(`  CPU µs per event (node + server): ${Object.entries(cpuMicrosecondsPerEvent).map(([k, v]) => `${k} ${v.node} + ${v.server ?? '?'}`).join(', ')}`);
    const cpuTotal = (lane: string) => cpuMicrosecondsPerEvent[lane]?.total;
    const phases = await appendPhases(url, factory, config.batchSize, 10);
    const oneStatementPhases = await appendPhases(url, factory, config.batchSize, 10, Infinity);
    const singlePhases = await appendPhases(url, factory, 1, 300);
    const emmettLane = await openEmmett(emmettUrl);
    const walPosition = async () => BigInt((await pool!.query<{ b: string }>(`SELECT (pg_current_wal_lsn() - '0/0'::pg_lsn)::text AS b`)).rows[0].b);
    const { walBytesPerAppend, ...singles } = await benchSingles(
      (e) => store.append(toAppendRequest(e, config.commandIds)),
      (e) => store.append(toAppendRequest(e, false)),
      emmettLane.one,
      factory,
      config.concurrency,
      walPosition,
    );
    const { singleSequential, singleConcurrent, singleConcurrentNoCommandIds } = singles;
    for (const m of Object.values(singles)) log(`  ${m.workload}: ${formatRate(m.eventsPerSecond)} events/s`);
    log(`  WAL bytes per append (cluster-wide, sequential / ${config.concurrency} clients): ours ${walBytesPerAppend.ours} / ${walBytesPerAppend.oursConcurrent}, ` +
      `Emmett ${walBytesPerAppend.emmett} / ${walBytesPerAppend.emmettConcurrent}, ours without command ids ${walBytesPerAppend.oursNoCommandIds}`);

    const { rows: someStreams } = await pool.query<{ stream_id: string }>('SELECT stream_id FROM event_store.streams LIMIT 300');
    const verify = await benchVerify(pool, someStreams.map((r) => r.stream_id));
    log(`  ${verify.workload}: ${formatRate(verify.eventsPerSecond)} events/s`);
    await pool.end();
    pool = undefined;

    const emmett = { ...(await benchEmmettBatches(emmettLane, factory)), singleSequential: singles.emmettSingleSequential, singleConcurrent: singles.emmettSingleConcurrent, version: emmettLane.version };
    await emmettLane.close();
    for (const m of [emmett.batchSequential, emmett.batchConcurrent]) log(`  ${m.workload}: ${formatRate(m.eventsPerSecond)} events/s`);

    const ratios = {
      batchVsCopy: round(batch.eventsPerSecond / copy.eventsPerSecond, 3),
      batchNoCommandIdsVsCopy: round(batchNoCommandIds.eventsPerSecond / copy.eventsPerSecond, 3),
      batchOneStatementVsCopy: round(batchOneStatement.eventsPerSecond / copy.eventsPerSecond, 3),
      batchVsBatchOneStatement: round(batch.eventsPerSecond / batchOneStatement.eventsPerSecond, 2),
      /** raw COPY's CPU per event (client + server) ÷ the batch append's: the ratio an unloaded machine would approach. */
      batchVsCopyByCpu: cpuTotal('batch') ? round(cpuTotal('copy')! / cpuTotal('batch')!, 3) : null,
      batchOneStatementVsCopyByCpu: cpuTotal('batchOneStatement') ? round(cpuTotal('copy')! / cpuTotal('batchOneStatement')!, 3) : null,
      batchVsEmmettSequential: round(batch.eventsPerSecond / emmett.batchSequential.eventsPerSecond, 2),
      batchVsEmmettConcurrent: round(batch.eventsPerSecond / emmett.batchConcurrent.eventsPerSecond, 2),
      singleVsEmmettSequential: round(singleSequential.eventsPerSecond / emmett.singleSequential.eventsPerSecond, 2),
      singleVsEmmettConcurrent: round(singleConcurrent.eventsPerSecond / emmett.singleConcurrent.eventsPerSecond, 2),
      singleNoCommandIdsVsEmmettConcurrent: round(singleConcurrentNoCommandIds.eventsPerSecond / emmett.singleConcurrent.eventsPerSecond, 2),
    };
    const rows = {
      batchVsCopy: { target: `>= ${TARGETS.batchVsCopy}`, value: ratios.batchVsCopy, met: ratios.batchVsCopy >= TARGETS.batchVsCopy },
      batchVsEmmett: { target: `>= ${TARGETS.batchVsEmmett}x (same concurrency: sequential)`, value: ratios.batchVsEmmettSequential, met: ratios.batchVsEmmettSequential >= TARGETS.batchVsEmmett },
      singleVsEmmettSequential: { target: `>= ${TARGETS.singleVsEmmett}x`, value: ratios.singleVsEmmettSequential, met: ratios.singleVsEmmettSequential >= TARGETS.singleVsEmmett },
      singleVsEmmettConcurrent: { target: `>= ${TARGETS.singleVsEmmett}x`, value: ratios.singleVsEmmettConcurrent, met: ratios.singleVsEmmettConcurrent >= TARGETS.singleVsEmmett },
    };
    // Every target row says MET or MISSED in words too, as the table does.
    const targets = Object.fromEntries(Object.entries(rows).map(([name, row]) => [name, { ...row, status: row.met ? 'MET' : 'MISSED' }])) as {
      [K in keyof typeof rows]: (typeof rows)[K] & { status: 'MET' | 'MISSED' };
    };

    const machine = {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      memoryGiB: round(os.totalmem() / 2 ** 30, 1),
      platform: `${os.platform()} ${os.release()}`,
      node: process.version,
      postgres: settings.server_version,
      postgresServer: server.kind,
      postgresSettings: settings,
      durable: BENCH_DURABLE,
      emmettPostgresql: emmett.version,
      // 1/5/15-minute load averages: other processes on the machine make every figure noisier.
      loadAverageBefore: loadBefore,
      loadAverageAfter: os.loadavg().map((l) => round(l, 2)),
    };

    const all = [copy, batch, batchNoCommandIds, batchOneStatement, singleSequential, singleConcurrent, singleConcurrentNoCommandIds, emmett.batchSequential, emmett.batchConcurrent, emmett.singleSequential, emmett.singleConcurrent, verify];
    const width = Math.max(...all.map((m) => m.workload.length));
    log('');
    log(`Machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, Node ${machine.node}, PostgreSQL ${machine.postgres} (${machine.postgresServer}; fsync=${settings.fsync}, synchronous_commit=${settings.synchronous_commit})`);
    log(`Payload: data ${dataBytes} B, metadata ${metadataBytes} B of JSON per event`);
    log(`Load average before/after: ${loadBefore.join(' ')} / ${machine.loadAverageAfter.join(' ')}` +
      (loadBefore[0] > machine.cpus / 4 ? '  (the machine was busy: expect noisier figures)' : ''));
    log('');
    log(`${pad('workload', width)}  ${pad('events', 8, true)}  ${pad('seconds', 8, true)}  ${pad('events/s', 10, true)}`);
    log(`${'-'.repeat(width)}  ${'-'.repeat(8)}  ${'-'.repeat(8)}  ${'-'.repeat(10)}`);
    for (const m of all) {
      log(`${pad(m.workload, width)}  ${pad(String(m.events), 8, true)}  ${pad(m.seconds.toFixed(2), 8, true)}  ${pad(formatRate(m.eventsPerSecond), 10, true)}`);
    }
    log('');
    const mark = (met: boolean) => (met ? 'MET' : 'MISSED');
    const c = config.concurrency;
    const ratioRows: [string, string, string, string][] = [
      ['(b)/(a)', 'batch append vs raw COPY', `${(ratios.batchVsCopy * 100).toFixed(1)} %`, `>= ${TARGETS.batchVsCopy * 100} %  ${mark(targets.batchVsCopy.met)}`],
      ["(b')/(a)", 'batch append without command ids vs raw COPY', `${(ratios.batchNoCommandIdsVsCopy * 100).toFixed(1)} %`, '(information)'],
      ["(b'')/(a)", 'batch append, events in the statement, vs raw COPY', `${(ratios.batchOneStatementVsCopy * 100).toFixed(1)} %`, '(information: before ADR 0064)'],
      ['(a)/(b) CPU', 'batch append vs raw COPY, by CPU per event', ratios.batchVsCopyByCpu === null ? 'n/a' : `${(ratios.batchVsCopyByCpu * 100).toFixed(1)} %`, '(information: client + server CPU)'],
      ["(b)/(b'')", 'batch append: COPY vs the one statement', `${ratios.batchVsBatchOneStatement.toFixed(2)}×`, '(information: what COPY buys)'],
      ['(b)/(d)', 'batch append vs Emmett, both sequential', `${ratios.batchVsEmmettSequential.toFixed(2)}×`, `>= ${TARGETS.batchVsEmmett}×  ${mark(targets.batchVsEmmett.met)}`],
      ['(b)/(d)', `batch append (1 client) vs Emmett with ${c} clients`, `${ratios.batchVsEmmettConcurrent.toFixed(2)}×`, '(information)'],
      ['(c)/(d)', 'single append vs Emmett, sequential', `${ratios.singleVsEmmettSequential.toFixed(2)}×`, `>= ${TARGETS.singleVsEmmett}×  ${mark(targets.singleVsEmmettSequential.met)}`],
      ['(c)/(d)', `single append vs Emmett, ${c} clients each`, `${ratios.singleVsEmmettConcurrent.toFixed(2)}×`, `>= ${TARGETS.singleVsEmmett}×  ${mark(targets.singleVsEmmettConcurrent.met)}`],
      ["(c')/(d)", `single append without command ids vs Emmett, ${c} clients`, `${ratios.singleNoCommandIdsVsEmmettConcurrent.toFixed(2)}×`, '(information: what the idempotency row costs)'],
      ['(e)', 'verifyAll', `${formatRate(verify.eventsPerSecond)} events/s`, '(information: judged against a plain read by bench:reconciliation)'],
    ];
    for (const [id, what, value, target] of ratioRows) log(`${pad(id, 11)} ${pad(what, 52)} ${pad(value, 18, true)}   ${target}`);
    log('');
    for (const [title, report] of [['a batch append', phases], ['a batch append with its events in the statement', oneStatementPhases], ['a single-stream append', singlePhases]] as const) {
      log(`Where ${title}'s time goes (${report.calls} instrumented calls of ${report.eventsPerCall} event(s), ${report.msPerCall} ms per call; not part of any figure above):`);
      for (const p of report.phases) log(`  ${pad(p.phase, 56)} ${pad(p.msPerCall.toFixed(3), 8, true)} ms  ${pad((p.share * 100).toFixed(1), 5, true)} %`);
    }

    await server.close();
    server = undefined;
    const result = {
      benchmark: 'event-store',
      startedAt: startedAt.toISOString(),
      totalSeconds: round((performance.now() - runStarted) / 1000, 1),
      machine,
      config: { ...config, payloadDataBytes: dataBytes, payloadMetadataBytes: metadataBytes },
      workloads: {
        copy,
        batch,
        batchNoCommandIds,
        batchOneStatement,
        singleSequential,
        singleConcurrent,
        singleConcurrentNoCommandIds,
        emmettBatchSequential: emmett.batchSequential,
        emmettBatchConcurrent: emmett.batchConcurrent,
        emmettSingleSequential: emmett.singleSequential,
        emmettSingleConcurrent: emmett.singleConcurrent,
        verify,
      },
      ratios,
      walBytesPerAppend,
      cpuMicrosecondsPerEvent,
      targets,
      allTargetsMet: Object.values(targets).every((t) => t.met),
      phases: { batch: phases, batchOneStatement: oneStatementPhases, single: singlePhases },
    };
    log('');
    log(JSON.stringify(result));
    return 0;
  } finally {
    await pool?.end().catch(() => undefined);
    await server?.close().catch(() => undefined);
  }
}

main().then(
  (code) => {
    process.exitCode = code;
    // Everything is closed; if a stray handle still holds the loop open, do not hang the caller.
    setTimeout(() => process.exit(process.exitCode), 5000).unref();
  },
  (error: unknown) => {
    process.stderr.write(`store.bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
    setTimeout(() => process.exit(1), 5000).unref();
  },
);
