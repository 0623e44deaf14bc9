/**
 * The batch append's client-side work per event, before and after docs/adr/0064, in one process,
 * in turns (so that load from elsewhere weighs on both alike): canonical JSON of data and metadata,
 * the spliced envelope, the chain hash, and the row the event travels in (the one statement's JSON
 * row before, COPY's text line after). No database. Prints a table, then one JSON line.
 *
 *   npm run bench:store:encoding          (BENCH_EVENTS, BENCH_ROUNDS to change the size)
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { canonicalJson } from '@iys/platform/building-blocks';
import { chainHash, chainHashOfEnvelope, GENESIS_HASH, splicedEnvelope, type SerialisedEvent } from '@iys/platform/event-store';
import { envInt, log, pad, round } from './bench-utils.js';
import { EVENT_TYPE, EventFactory, type BenchEvent } from './consent-payload.js';

const config = { events: envInt('BENCH_EVENTS', 20_000), rounds: envInt('BENCH_ROUNDS', 12) };

/** The splice as it was before: every string through JSON.stringify, then a Buffer of it. */
function splicedBefore(e: SerialisedEvent): Buffer {
  return Buffer.from(
    `{"data":${e.dataJson},"eventId":${JSON.stringify(e.eventId)},"metadata":${e.metadataJson},` +
      `"occurredAt":${JSON.stringify(e.occurredAtIso)},"recordedAt":${JSON.stringify(e.recordedAtIso)},"schemaVersion":${e.schemaVersion},` +
      `"streamId":${JSON.stringify(e.streamId)},"streamPosition":${e.streamPosition},"type":${JSON.stringify(e.type)}}`,
    'utf8',
  );
}

/** The one statement's JSON row (as the store builds it). */
function jsonRow(e: SerialisedEvent, shardKey: string, hash: Buffer): string {
  return (
    `{"s":"${e.streamId}","k":"${shardKey}","p":${e.streamPosition},"e":${JSON.stringify(e.eventId)},"t":"${e.type}","v":${e.schemaVersion},` +
    `"d":${e.dataJson},"m":${e.metadataJson},"o":"${e.occurredAtIso}","h":"${hash.toString('hex')}"}`
  );
}

function copyText(value: string): string {
  return /[\\\t\n\r]/.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r')) : value;
}

/** COPY's text line (as the store builds it). */
function copyLine(e: SerialisedEvent, shardKey: string, hash: Buffer): string {
  return (
    e.streamId + '\t' + shardKey + '\t' + e.streamPosition + '\t' + copyText(e.eventId) + '\t' + e.type + '\t' + e.schemaVersion + '\t' +
    copyText(e.dataJson) + '\t' + copyText(e.metadataJson) + '\t' + e.occurredAtIso + '\t' + e.recordedAtIso + '\t\\\\x' + hash.toString('hex') + '\n'
  );
}

const recordedAtIso = new Date().toISOString();

function serialise(e: BenchEvent): SerialisedEvent {
  return {
    streamId: e.streamId,
    streamPosition: 1,
    eventId: e.eventId,
    type: EVENT_TYPE,
    schemaVersion: 1,
    dataJson: canonicalJson(e.data),
    metadataJson: canonicalJson(e.metadata),
    occurredAtIso: e.occurredAt.toISOString(),
    recordedAtIso,
  };
}

type Step = (events: BenchEvent[], serialised: SerialisedEvent[], hashes: Buffer[]) => number;

/** Each step alone, over pre-made inputs, and each whole pipeline (what one event costs the append). */
const steps: Record<string, Step> = {
  'canonical JSON of data + metadata': (events) => events.reduce((n, e) => n + canonicalJson(e.data).length + canonicalJson(e.metadata).length, 0),
  'splice, before (JSON.stringify, Buffer)': (_e, s) => s.reduce((n, e) => n + splicedBefore(e).length, 0),
  'splice, after (string)': (_e, s) => s.reduce((n, e) => n + splicedEnvelope(e).length, 0),
  'splice + hash, before (Buffer.concat, hash)': (_e, s) => s.reduce((n, e) => n + chainHash(GENESIS_HASH, splicedBefore(e)).length, 0),
  'splice + hash, after (one reused buffer)': (_e, s) => s.reduce((n, e) => n + chainHashOfEnvelope(GENESIS_HASH, splicedEnvelope(e)).length, 0),
  'row, before (JSON row)': (events, s, h) => s.reduce((n, e, i) => n + jsonRow(e, events[i].shardKey, h[i]).length, 0),
  'row, after (COPY line)': (events, s, h) => s.reduce((n, e, i) => n + copyLine(e, events[i].shardKey, h[i]).length, 0),
  'whole, before': (events) =>
    events.reduce((n, e) => {
      const s = serialise(e);
      return n + jsonRow(s, e.shardKey, chainHash(GENESIS_HASH, splicedBefore(s))).length;
    }, 0),
  'whole, after': (events) =>
    events.reduce((n, e) => {
      const s = serialise(e);
      return n + copyLine(s, e.shardKey, chainHashOfEnvelope(GENESIS_HASH, splicedEnvelope(s))).length;
    }, 0),
};

function main(): void {
  const loadBefore = os.loadavg().map((l) => round(l, 2));
  const events = new EventFactory().take(config.events);
  const serialised = events.map(serialise);
  const hashes = serialised.map((s) => chainHashOfEnvelope(GENESIS_HASH, splicedEnvelope(s)));
  const names = Object.keys(steps);
  const ms = new Map<string, number[]>(names.map((name) => [name, []]));
  for (const name of names) steps[name](events, serialised, hashes); // warm-up
  for (let r = 0; r < config.rounds; r++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(r + k) % names.length];
      const started = performance.now();
      steps[name](events, serialised, hashes);
      ms.get(name)!.push(performance.now() - started);
    }
  }
  // Median of the rounds: a round another process interrupted does not move it.
  const perEvent = Object.fromEntries(
    names.map((name) => {
      const sorted = [...ms.get(name)!].sort((a, b) => a - b);
      return [name, round((sorted[Math.floor(sorted.length / 2)] * 1000) / config.events, 2)];
    }),
  );
  log(`Client work per event of a batch append (${config.events} consent events, median of ${config.rounds} interleaved rounds), µs:`);
  for (const name of names) log(`  ${pad(name, 46)} ${pad(perEvent[name].toFixed(2), 8, true)}`);
  const speedUp = round(perEvent['whole, before'] / perEvent['whole, after'], 2);
  log(`  whole: before ÷ after = ${speedUp}×`);
  const loadAfter = os.loadavg().map((l) => round(l, 2));
  log(`Load average before/after: ${loadBefore.join(' ')} / ${loadAfter.join(' ')}`);
  log(JSON.stringify({ benchmark: 'event-encoding', config, microsecondsPerEvent: perEvent, wholeBeforeOverAfter: speedUp, loadAverageBefore: loadBefore, loadAverageAfter: loadAfter }));
}

main();
