/**
 * Why the batch append and the verifier are as fast as they are (docs/benchmarks.md, "Analysis").
 * Not part of `npm run bench:store`; run after a build with
 *   node dist/bench/store/store-analysis.js
 * Every variant gets a fresh database on one fresh embedded PostgreSQL (or DATABASE_URL's server),
 * and the variants take turns (rotating order), so that drift on a shared machine hits all alike. Prints a report and one JSON line; exits 0 unless something fails.
 */
import { performance } from 'node:perf_hooks';
import type pg from 'pg';
import { canonicalJson } from '@iys/platform/building-blocks';
import { createPool, runMigrations } from '@iys/platform/database';
import {
  EventChainVerifier,
  GENESIS_HASH,
  PostgresEventStore,
  canonicalEventBytes,
  chainHash,
  eventStoreMigrations,
  type AppendRequest,
} from '@iys/platform/event-store';
import { openBenchServer, type BenchServer } from './bench-server.js';
import { envInt, formatRate, log, measurement, pad, round, roundSizes, serverSettings, type Measurement } from './bench-utils.js';
import { EVENT_TYPE, EventFactory, toAppendRequest, type BenchEvent } from './consent-payload.js';
import { copyChunk } from './copy-rows.js';
import { measurePhases, type PhaseReport } from './phase-timer.js';
import { splicedCanonicalEvent } from './variants/spliced-envelope.js';
import { TunedBatchAppender } from './variants/tuned-batch-append.js';
import { tunedVerifyAll } from './variants/tuned-chain-verifier.js';

const config = {
  /** Events each interleaved lane writes, in turns of `turn`. */
  events: envInt('BENCH_ANALYSIS_EVENTS', 60_000),
  turn: 5000,
  verifyEvents: envInt('BENCH_ANALYSIS_VERIFY_EVENTS', 100_000),
  batchSize: 1000,
  repetitions: envInt('BENCH_ANALYSIS_REPETITIONS', 3),
};

type Appender = (requests: AppendRequest[]) => Promise<unknown>;

interface Variant {
  name: string;
  /** Schema change applied after the migrations (analysis only). */
  alter?: string;
  commandIds: boolean;
  appender: (pool: pg.Pool) => Appender;
}

const ours = (pool: pg.Pool): Appender => {
  const store = new PostgresEventStore({ pool });
  return (requests) => store.appendBatch(requests);
};
const tuned = (pool: pg.Pool): Appender => {
  const appender = new TunedBatchAppender(pool);
  return (requests) => appender.appendBatch(requests);
};
const tunedCopy = (pool: pg.Pool): Appender => {
  const appender = new TunedBatchAppender(pool, { events: 'copy' });
  return (requests) => appender.appendBatch(requests);
};
const tunedCopySlim = (pool: pg.Pool): Appender => {
  const appender = new TunedBatchAppender(pool, { events: 'copy', slimCommands: true });
  return (requests) => appender.appendBatch(requests);
};

const FEWER_INDEXES = `ALTER TABLE event_store.events DROP CONSTRAINT events_event_id_unique;
  DROP INDEX event_store.events_commit_order;`;

const VARIANTS: Variant[] = [
  { name: 'store as is (control)', commandIds: true, appender: ours },
  { name: 'store, no command ids (no idempotency rows)', commandIds: false, appender: ours },
  { name: 'store, events without event_id unique + commit-order index', commandIds: true, alter: FEWER_INDEXES, appender: ours },
  { name: 'tuned copy (one json parameter per statement, spliced envelope)', commandIds: true, appender: tuned },
  { name: 'tuned copy, no command ids', commandIds: false, appender: tuned },
  { name: 'tuned copy, events written with COPY', commandIds: true, appender: tunedCopy },
  {
    name: 'tuned copy, events with COPY, idempotency rows without outcome',
    commandIds: true,
    alter: 'ALTER TABLE event_store.processed_commands ALTER COLUMN outcome DROP NOT NULL',
    appender: tunedCopySlim,
  },
  { name: 'tuned copy, events with COPY, no command ids', commandIds: false, appender: tunedCopy },
];

/** Client CPU per event, no database: what the append and the verifier spend in Node. */
function clientCosts(factory: EventFactory): Record<string, number> {
  const n = 20_000;
  const best = (work: (events: BenchEvent[]) => void) => {
    let min = Infinity;
    for (let rep = 0; rep < 3; rep++) {
      const events = factory.take(n);
      const started = performance.now();
      work(events);
      min = Math.min(min, ((performance.now() - started) * 1000) / n);
    }
    return round(min, 2);
  };
  const now = new Date();
  const iso = now.toISOString();
  const envelope = (e: BenchEvent) => ({ streamId: e.streamId, streamPosition: 1, eventId: e.eventId, type: EVENT_TYPE, schemaVersion: 1, data: e.data, metadata: e.metadata, occurredAt: e.occurredAt, recordedAt: now });
  const spliceable = (e: BenchEvent) => ({ streamId: e.streamId, streamPosition: 1, eventId: e.eventId, type: EVENT_TYPE, schemaVersion: 1, occurredAtIso: e.occurredAt.toISOString(), recordedAtIso: iso });
  const stored = (events: BenchEvent[]) => events.map((e) => ({ e, data: JSON.stringify(e.data), metadata: JSON.stringify(e.metadata) }));
  return {
    'append: canonicalEventBytes + chainHash (current)': best((events) => {
      for (const e of events) chainHash(GENESIS_HASH, canonicalEventBytes(envelope(e)));
    }),
    'append: JSON.stringify data + metadata for storage (current)': best((events) => {
      for (const e of events) JSON.stringify(e.data) + JSON.stringify(e.metadata);
    }),
    'append: canonicalJson(data), canonicalJson(metadata), spliced envelope + sha256 (tuned; reused for storage)': best((events) => {
      for (const e of events) {
        const c = splicedCanonicalEvent({ ...spliceable(e), dataJson: canonicalJson(e.data), metadataJson: canonicalJson(e.metadata) });
        chainHash(GENESIS_HASH, Buffer.from(c, 'utf8'));
      }
    }),
    'verify: JSON.parse ×2 + canonicalEventBytes + chainHash + Dates (current)': best((events) => {
      for (const { e, data, metadata } of stored(events)) {
        const bytes = canonicalEventBytes({ ...envelope(e), data: JSON.parse(data) as never, metadata: JSON.parse(metadata) as never, occurredAt: new Date(e.occurredAt.toISOString()), recordedAt: new Date(iso) });
        chainHash(GENESIS_HASH, bytes);
      }
    }),
    'verify: JSON.parse ×2 + canonicalJson ×2, spliced envelope + sha256 (tuned)': best((events) => {
      for (const { e, data, metadata } of stored(events)) {
        const c = splicedCanonicalEvent({ ...spliceable(e), dataJson: canonicalJson(JSON.parse(data)), metadataJson: canonicalJson(JSON.parse(metadata)) });
        chainHash(GENESIS_HASH, Buffer.from(c, 'utf8'));
      }
    }),
    'verify: sha256 of the canonical bytes alone (floor)': best((events) => {
      for (const e of events) chainHash(GENESIS_HASH, Buffer.from(JSON.stringify(e.data) + JSON.stringify(e.metadata) + e.streamId + e.eventId + iso + iso));
    }),
  };
}

async function freshDatabase(server: BenchServer, suffix: string, alter?: string): Promise<{ url: string; pool: pg.Pool }> {
  const url = await server.createDatabase(suffix);
  await runMigrations(url, eventStoreMigrations);
  const pool = createPool({ url, size: 2, applicationName: 'iys-bench-analysis' });
  if (alter) await pool.query(alter);
  return { url, pool };
}

/** One contender in the interleaved comparison: its own database, its own running total. */
interface Lane {
  name: string;
  pool: pg.Pool;
  run: (events: BenchEvent[]) => Promise<void>;
  ms: number[];
  verify: boolean;
}

async function appendLane(server: BenchServer, variant: Variant, index: number): Promise<Lane> {
  const { pool } = await freshDatabase(server, `lane${index}`, variant.alter);
  const append = variant.appender(pool);
  const run = async (events: BenchEvent[]) => {
    for (let i = 0; i < events.length; i += config.batchSize) {
      await append(events.slice(i, i + config.batchSize).map((e) => toAppendRequest(e, variant.commandIds)));
    }
  };
  return { name: variant.name, pool, run, ms: [], verify: variant.appender !== ours };
}

async function copyLane(server: BenchServer, name: string, index: number, fewerIndexes: boolean): Promise<Lane> {
  const { pool } = await freshDatabase(server, `lane${index}`);
  await pool.query('CREATE SCHEMA bench');
  await pool.query('CREATE TABLE bench.events_copy (LIKE event_store.events INCLUDING ALL)');
  if (fewerIndexes) {
    const { rows } = await pool.query<{ conname: string }>(
      `SELECT conname FROM pg_constraint WHERE conrelid = 'bench.events_copy'::regclass AND contype = 'u' AND conname LIKE '%event_id%'`,
    );
    for (const { conname } of rows) await pool.query(`ALTER TABLE bench.events_copy DROP CONSTRAINT ${JSON.stringify(conname)}`);
    const { rows: indexes } = await pool.query<{ indexname: string }>(
      `SELECT indexname FROM pg_indexes WHERE schemaname = 'bench' AND tablename = 'events_copy' AND indexdef LIKE '%(transaction_id, global_position)'`,
    );
    for (const { indexname } of indexes) await pool.query(`DROP INDEX bench.${JSON.stringify(indexname)}`);
  }
  const client = await pool.connect();
  const run = (events: BenchEvent[]) => copyChunk(client, 'bench.events_copy', events);
  const end = pool.end.bind(pool);
  pool.end = (async () => {
    client.release();
    await end();
  }) as typeof pool.end;
  return { name, pool, run, ms: [], verify: false };
}

/**
 * Every lane writes `config.turn` events per turn; the lanes take turns in an order rotated each
 * turn, so drift on a shared machine weighs on all of them alike.
 */
async function interleaved(lanes: Lane[], factory: EventFactory): Promise<(Measurement & { turnEventsPerSecondMedian: number })[]> {
  for (const lane of lanes) await lane.run(factory.take(config.turn)); // warm-up
  const turns = roundSizes(config.events, config.turn);
  for (const [turn, size] of turns.entries()) {
    for (let k = 0; k < lanes.length; k++) {
      const lane = lanes[(turn + k) % lanes.length];
      const events = factory.take(size);
      const started = performance.now();
      await lane.run(events);
      lane.ms.push(performance.now() - started);
    }
  }
  return lanes.map((lane) => ({ ...measurement(lane.name, config.events, lane.ms.reduce((a, b) => a + b, 0)), turnEventsPerSecondMedian: medianRate(lane.ms, config.turn) }));
}

function medianRate(ms: number[], events: number): number {
  const sorted = [...ms].sort((a, b) => a - b);
  return Math.round(events / (sorted[Math.floor(sorted.length / 2)] / 1000));
}

async function main(): Promise<void> {
  const factory = new EventFactory();
  log(`Event-store analysis — ${config.events} events per lane in turns of ${config.turn}; verifier over ${config.verifyEvents} events, ${config.repetitions} alternating repetitions`);
  log('');
  log('Client CPU per event, no database (µs, best of 3 × 20 000):');
  const costs = clientCosts(factory);
  for (const [name, us] of Object.entries(costs)) log(`  ${pad(name, 84)} ${pad(us.toFixed(2), 7, true)} µs`);

  const server = await openBenchServer();
  let batch: (Measurement & { turnEventsPerSecondMedian: number })[] = [];
  let settings: Record<string, string> = {};
  const phases: Record<string, PhaseReport> = {};
  let verify: Record<string, Measurement[]> = {};
  try {
    const lanes: Lane[] = [
      await copyLane(server, 'raw COPY, all indexes', 0, false),
      await copyLane(server, 'raw COPY, without event_id unique + commit-order index', 1, true),
    ];
    for (const [i, variant] of VARIANTS.entries()) lanes.push(await appendLane(server, variant, i + 2));
    settings = await serverSettings(lanes[0].pool);
    try {
      batch = await interleaved(lanes, factory);
      for (const lane of lanes.filter((l) => l.verify)) {
        const report = await new EventChainVerifier(lane.pool).verifyAll();
        if (!report.ok || report.eventsChecked < config.events) throw new Error(`${lane.name} wrote a chain verifyAll rejects: ${JSON.stringify(report.firstBroken)}`);
      }
    } finally {
      for (const lane of lanes) await lane.pool.end();
    }

    // Phase breakdowns, control and tuned, 1000-stream batches and single appends.
    for (const [name, appender] of [['control', ours], ['tuned', tuned], ['tuned, events via COPY', tunedCopy]] as const) {
      const { pool } = await freshDatabase(server, `phases_${name}`);
      try {
        for (const size of [1000, 1]) {
          phases[`${name}, ${size} event(s) per call`] = await measurePhases(
            pool,
            (p) => {
              const append = appender(p);
              return (events: BenchEvent[]) => append(events.map((e) => toAppendRequest(e, true)));
            },
            () => factory.take(size),
            size === 1 ? 300 : 10,
            size,
          );
        }
      } finally {
        await pool.end();
      }
    }

    // The verifier, current and tuned, over the same store.
    const { pool } = await freshDatabase(server, 'verify');
    try {
      const append = tuned(pool);
      for (const size of roundSizes(config.verifyEvents, config.batchSize)) await append(factory.take(size).map((e) => toAppendRequest(e, true)));
      await pool.query('VACUUM ANALYZE event_store.events');
      await pool.query('VACUUM ANALYZE event_store.streams');
      const verifier = new EventChainVerifier(pool);
      await verifier.verifyAll(); // warm-up of both paths and of the buffer cache
      await tunedVerifyAll(pool);
      verify = { 'EventChainVerifier.verifyAll (current)': [], 'tuned verifier (pipelined FETCH + spliced envelope)': [] };
      for (let rep = 0; rep < config.repetitions; rep++) {
        let started = performance.now();
        const a = await verifier.verifyAll();
        verify['EventChainVerifier.verifyAll (current)'].push(measurement('current', a.eventsChecked, performance.now() - started));
        started = performance.now();
        const b = await tunedVerifyAll(pool);
        verify['tuned verifier (pipelined FETCH + spliced envelope)'].push(measurement('tuned', b.eventsChecked, performance.now() - started));
        if (!a.ok || !b.ok || a.eventsChecked !== b.eventsChecked) throw new Error('the verifiers disagree');
      }
      // Server side alone: the cursor's rows, fetched and thrown away.
      const client = await pool.connect();
      try {
        await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
        const started = performance.now();
        // Every column the verifier reads is computed and consumed (a bare count(*) would let the
        // planner drop the unused outputs); only one number travels back.
        await client.query(`SELECT sum(length(stream_id) + stream_position + length(event_id::text) + length(event_type) + schema_version
                                  + length(data::text) + length(metadata::text)
                                  + length(to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
                                  + length(to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
                                  + length(hash) + version + length(last_hash))
          FROM (SELECT e.*, s.version, s.last_hash
                  FROM event_store.events e JOIN event_store.streams s USING (stream_id)
                 ORDER BY stream_id, stream_position) q`);
        const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM event_store.events');
        verify['server only: the verifier query, counted in SQL (no rows sent)'] = [measurement('server', Number(rows[0].n), performance.now() - started)];
        await client.query('COMMIT');
      } finally {
        client.release();
      }
    } finally {
      await pool.end();
    }
  } finally {
    await server.close();
  }

  log('');
  log(`PostgreSQL ${settings.server_version} (${server.kind}; fsync=${settings.fsync}, synchronous_commit=${settings.synchronous_commit})`);
  log('');
  log(`Interleaved: each lane writes ${config.events} events in turns of ${config.turn} (batch lanes: ${config.batchSize} new streams per call), own fresh database`);
  const control = batch.find((m) => m.workload === 'store as is (control)')!;
  const copyAll = batch.find((m) => m.workload === 'raw COPY, all indexes')!;
  log(`  ${pad('lane', 62)} ${pad('events/s', 9, true)} ${pad('median turn', 12, true)}  ${pad('×control', 8, true)}  ${pad('of COPY', 7, true)}`);
  for (const m of batch) {
    log(`  ${pad(m.workload, 62)} ${pad(formatRate(m.eventsPerSecond), 9, true)} ${pad(formatRate(m.turnEventsPerSecondMedian), 12, true)}  ${pad((m.eventsPerSecond / control.eventsPerSecond).toFixed(2), 8, true)}  ${pad(((m.eventsPerSecond / copyAll.eventsPerSecond) * 100).toFixed(0) + ' %', 7, true)}`);
  }
  log('');
  for (const [name, report] of Object.entries(phases)) {
    log(`Phases — ${name}: ${report.msPerCall} ms per call`);
    for (const p of report.phases) log(`  ${pad(p.phase, 56)} ${pad(p.msPerCall.toFixed(3), 8, true)} ms  ${pad((p.share * 100).toFixed(1), 5, true)} %`);
  }
  log('');
  log(`Verifier over ${config.verifyEvents} events — events/s:`);
  for (const [name, ms] of Object.entries(verify)) log(`  ${pad(name, 62)} ${pad(ms.map((m) => formatRate(m.eventsPerSecond)).join(' / '), 18, true)}`);
  log('');
  log(JSON.stringify({ benchmark: 'event-store-analysis', config, postgres: settings, clientMicrosPerEvent: costs, batch, phases, verify }));
}

main().then(
  () => setTimeout(() => process.exit(0), 5000).unref(),
  (error: unknown) => {
    process.stderr.write(`store-analysis failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
    setTimeout(() => process.exit(1), 5000).unref();
  },
);
