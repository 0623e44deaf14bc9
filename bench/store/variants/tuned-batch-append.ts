import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { canonicalJson } from '@iys/platform/building-blocks';
import { inTransaction } from '@iys/platform/database';
import {
  ConcurrencyError,
  GENESIS_HASH,
  InvalidAppendError,
  parseStreamId,
  type AppendRequest,
  type AppendResult,
  type ExpectedVersion,
  type RecordedEvent,
} from '@iys/platform/event-store';
import { splicedCanonicalEvent } from './spliced-envelope.js';

/**
 * Analysis only (docs/benchmarks.md) — a copy of PostgresEventStore's batch write path with the
 * client-side changes the benchmark points at. Same transaction, same statements in the same order,
 * same checks, same rows and the same hash chain (EventChainVerifier.verifyAll passes over what it
 * writes); what differs:
 *   1. canonical bytes are built once per event from `canonicalJson(data)` and
 *      `canonicalJson(metadata)` spliced into the envelope (its keys are fixed, so their sorted
 *      order is known), and those same strings are what is stored — no second JSON.stringify;
 *   2. every multi-row statement takes ONE json parameter read with `json_to_recordset`, instead of
 *      10–11 PostgreSQL array literals that node-postgres builds by escaping every element in JS
 *      (`prepareValue` → `arrayString`, a regex replace per string, hex + escape per bytea);
 *   3. the idempotency lookup sends its ids as one JSON array too.
 * Option `events: 'copy'` goes one step further and writes the events with COPY (see TunedOptions).
 * Inline projections and the retry on a concurrent twin command are left out (the benchmark uses
 * neither); they would not change what is measured.
 */
export interface TunedOptions {
  /**
   * `json`: events go in through one `json_to_recordset` INSERT … RETURNING (as the streams do);
   * `copy`: through COPY FROM STDIN inside the same transaction, positions read back afterwards
   * by `transaction_id = pg_current_xact_id()` (the commit-order index), in COPY's row order.
   */
  events: 'json' | 'copy';
  /** `false` leaves out the `pg_notify` (analysis of its cost under concurrency only). */
  notify?: boolean;
  /**
   * Idempotency rows without the `outcome` jsonb: only (command_id, stream_id), the outcome being
   * re-read from the stream's events on the rare duplicate. Needs `outcome` to be nullable (the
   * analysis alters its own database); the duplicate path itself is not part of this copy.
   */
  slimCommands?: boolean;
}

/** As the store keeps it in processed_commands.outcome. */
interface StoredOutcome {
  streamId: string;
  nextExpectedVersion: number;
  eventIds: string[];
  globalPositions: string[];
  recordedAt?: string;
}

export class TunedBatchAppender {
  constructor(
    private readonly pool: pg.Pool,
    private readonly options: TunedOptions = { events: 'json' },
  ) {}

  async appendBatch(requests: AppendRequest[]): Promise<AppendResult[]> {
    validateBatch(requests);
    try {
      return await inTransaction(this.pool, (tx) => this.appendInTransaction(tx, requests));
    } catch (error) {
      const pgError = error as { code?: string; constraint?: string };
      if (pgError?.code === '23505' && (pgError.constraint === 'events_stream_position_unique' || pgError.constraint === 'streams_pkey')) {
        throw new ConcurrencyError(requests.map((r) => ({ streamId: r.streamId, expected: r.expectedVersion })));
      }
      throw error;
    }
  }

  private async appendInTransaction(tx: pg.PoolClient, requests: AppendRequest[]): Promise<AppendResult[]> {
    const commandIds = requests.flatMap((r) => (r.commandId ? [r.commandId] : []));
    const previous = new Map<string, StoredOutcome>();
    if (commandIds.length > 0) {
      const { rows } = await tx.query<{ command_id: string; outcome: StoredOutcome }>(
        `SELECT command_id, outcome FROM event_store.processed_commands
          WHERE command_id IN (SELECT json_array_elements_text($1::json))`,
        [JSON.stringify(commandIds)],
      );
      for (const row of rows) previous.set(row.command_id, row.outcome);
    }
    const fresh = requests.filter((r) => !(r.commandId && previous.has(r.commandId)));
    const written = fresh.length > 0 ? await this.write(tx, fresh) : new Map<string, AppendResult>();
    return requests.map((request) => {
      const earlier = request.commandId ? previous.get(request.commandId) : undefined;
      if (earlier) {
        return { ...earlier, globalPositions: earlier.globalPositions.map((p) => BigInt(p)), recordedAt: new Date(earlier.recordedAt ?? 0), duplicate: true };
      }
      return written.get(request.streamId)!;
    });
  }

  private async write(tx: pg.PoolClient, requests: AppendRequest[]): Promise<Map<string, AppendResult>> {
    const heads = await lockStreamHeads(tx, requests);
    const conflicts = requests.flatMap((r) => {
      const actual = heads.get(r.streamId)?.version ?? 0;
      return matchesExpectation(r.expectedVersion, actual) ? [] : [{ streamId: r.streamId, expected: r.expectedVersion, actual }];
    });
    if (conflicts.length > 0) throw new ConcurrencyError(conflicts);

    const recordedAt = new Date();
    const recordedAtIso = recordedAt.toISOString();
    const eventRows: string[] = [];
    const copyLines: string[] = [];
    const viaCopy = this.options.events === 'copy';
    const newStreams: string[] = [];
    const movedStreams: string[] = [];
    const recorded: RecordedEvent[] = [];
    for (const request of requests) {
      const head = heads.get(request.streamId);
      const { category, shardKey } = parseStreamId(request.streamId);
      const streamIdJson = JSON.stringify(request.streamId);
      const shardKeyJson = JSON.stringify(shardKey);
      let version = head?.version ?? 0;
      let hash = head?.lastHash ?? GENESIS_HASH;
      for (const event of request.events) {
        version += 1;
        const eventId = event.eventId ?? randomUUID();
        const schemaVersion = event.schemaVersion ?? 1;
        const metadata = event.metadata ?? {};
        const occurredAt = event.occurredAt ?? recordedAt;
        const occurredAtIso = occurredAt.toISOString();
        const dataJson = canonicalJson(event.data);
        const metadataJson = canonicalJson(metadata);
        const canonical = splicedCanonicalEvent({
          streamId: request.streamId,
          streamPosition: version,
          eventId,
          type: event.type,
          schemaVersion,
          dataJson,
          metadataJson,
          occurredAtIso,
          recordedAtIso,
        });
        hash = createHash('sha256').update(hash).update(canonical, 'utf8').digest();
        if (viaCopy) {
          copyLines.push(
            `${copyText(request.streamId)}\t${copyText(shardKey)}\t${version}\t${copyText(eventId)}\t${copyText(event.type)}\t${schemaVersion}\t` +
              `${copyText(dataJson)}\t${copyText(metadataJson)}\t${occurredAtIso}\t${recordedAtIso}\t\\\\x${hash.toString('hex')}\n`,
          );
        } else {
          eventRows.push(
            `{"s":${streamIdJson},"k":${shardKeyJson},"p":${version},"e":${JSON.stringify(eventId)},"t":${JSON.stringify(event.type)},` +
              `"v":${schemaVersion},"d":${dataJson},"m":${metadataJson},"o":"${occurredAtIso}","h":"${hash.toString('hex')}"}`,
          );
        }
        recorded.push({
          streamId: request.streamId,
          streamPosition: version,
          eventId,
          type: event.type,
          schemaVersion,
          data: event.data,
          metadata,
          occurredAt,
          recordedAt,
          hash,
          globalPosition: 0n,
          transactionId: 0n,
        });
      }
      const streamRow = `{"s":${streamIdJson},"c":${JSON.stringify(category)},"k":${shardKeyJson},"v":${version},"h":"${hash.toString('hex')}","p":${head?.version ?? 0}}`;
      (head ? movedStreams : newStreams).push(streamRow);
    }

    if (newStreams.length > 0) {
      const { rowCount } = await tx.query(
        `INSERT INTO event_store.streams (stream_id, stream_type, shard_key, version, last_hash)
         SELECT r.s, r.c, r.k, r.v, decode(r.h, 'hex') FROM json_to_recordset($1::json) AS r(s text, c text, k text, v bigint, h text)
         ON CONFLICT (stream_id, shard_key) DO NOTHING`,
        [`[${newStreams.join(',')}]`],
      );
      if (rowCount !== newStreams.length) throw new ConcurrencyError(requests.map((r) => ({ streamId: r.streamId, expected: r.expectedVersion })));
    }
    if (movedStreams.length > 0) {
      const { rowCount } = await tx.query(
        `UPDATE event_store.streams s SET version = v.v, last_hash = decode(v.h, 'hex'), updated_at = now()
           FROM json_to_recordset($1::json) AS v(s text, v bigint, h text, p bigint)
          WHERE s.stream_id = v.s AND s.version = v.p`,
        [`[${movedStreams.join(',')}]`],
      );
      if (rowCount !== movedStreams.length) throw new ConcurrencyError(requests.map((r) => ({ streamId: r.streamId, expected: 'exists' as const })));
    }

    if (viaCopy) {
      await pipeline(
        Readable.from([copyLines.join('')]),
        tx.query(copyStreams.from(`COPY event_store.events (${COPY_COLUMNS}) FROM STDIN`)),
      );
      // One COPY numbers its rows in input order, and this transaction writes no other events, so
      // the i-th position of this transaction is the i-th event's.
      const { rows } = await tx.query<{ global_position: string; transaction_id: string }>(
        `SELECT global_position, transaction_id::text AS transaction_id FROM event_store.events
          WHERE transaction_id = pg_current_xact_id() ORDER BY global_position`,
      );
      if (rows.length !== recorded.length) throw new Error('COPY wrote an unexpected number of events');
      for (let i = 0; i < recorded.length; i++) {
        const row = rows[i];
        recorded[i].globalPosition = BigInt(row.global_position);
        recorded[i].transactionId = BigInt(row.transaction_id);
      }
    } else {
      const { rows } = await tx.query<{ stream_id: string; stream_position: string; global_position: string; transaction_id: string }>(
        `INSERT INTO event_store.events
           (stream_id, shard_key, stream_position, event_id, event_type, schema_version, data, metadata, occurred_at, recorded_at, hash)
         SELECT r.s, r.k, r.p, r.e, r.t, r.v, r.d, r.m, r.o, $2::timestamptz, decode(r.h, 'hex')
           FROM json_to_recordset($1::json) AS r(s text, k text, p bigint, e uuid, t text, v int2, d jsonb, m jsonb, o timestamptz, h text)
         RETURNING stream_id, stream_position, global_position, transaction_id::text AS transaction_id`,
        [`[${eventRows.join(',')}]`, recordedAtIso],
      );
      const positions = new Map(rows.map((row) => [`${row.stream_id}\u0000${row.stream_position}`, row]));
      for (const event of recorded) {
        const position = positions.get(`${event.streamId}\u0000${event.streamPosition}`)!;
        event.globalPosition = BigInt(position.global_position);
        event.transactionId = BigInt(position.transaction_id);
      }
    }

    const results = new Map<string, AppendResult>();
    const commands: string[] = [];
    let offset = 0;
    for (const request of requests) {
      const mine = recorded.slice(offset, offset + request.events.length);
      offset += request.events.length;
      const result: AppendResult = {
        streamId: request.streamId,
        nextExpectedVersion: mine[mine.length - 1].streamPosition,
        eventIds: mine.map((e) => e.eventId),
        globalPositions: mine.map((e) => e.globalPosition),
        recordedAt,
        duplicate: false,
      };
      results.set(request.streamId, result);
      if (request.commandId) {
        const outcome = this.options.slimCommands
          ? null
          : {
              streamId: result.streamId,
              nextExpectedVersion: result.nextExpectedVersion,
              eventIds: result.eventIds,
              globalPositions: result.globalPositions.map(String),
              recordedAt: recordedAtIso,
            };
        commands.push(`{"c":${JSON.stringify(request.commandId)},"s":${JSON.stringify(request.streamId)},"k":${JSON.stringify(parseStreamId(request.streamId).shardKey)},"o":${JSON.stringify(outcome)}}`);
      }
    }
    if (commands.length > 0) {
      await tx.query(
        `INSERT INTO event_store.processed_commands (command_id, stream_id, shard_key, outcome)
         SELECT r.c, r.s, r.k, r.o FROM json_to_recordset($1::json) AS r(c text, s text, k text, o jsonb)`,
        [`[${commands.join(',')}]`],
      );
    }
    if (this.options.notify !== false) await tx.query(`SELECT pg_notify('iys_events', '')`);
    return results;
  }
}

const COPY_COLUMNS = 'stream_id, shard_key, stream_position, event_id, event_type, schema_version, data, metadata, occurred_at, recorded_at, hash';

/** COPY text format: backslash, tab, newline and carriage return escaped. */
function copyText(value: string): string {
  return /[\\\t\n\r]/.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r')) : value;
}

async function lockStreamHeads(tx: pg.PoolClient, requests: AppendRequest[]): Promise<Map<string, { version: number; lastHash: Buffer }>> {
  const ids = requests.filter((r) => r.expectedVersion !== 'no_stream' && r.expectedVersion !== 0).map((r) => r.streamId);
  const heads = new Map<string, { version: number; lastHash: Buffer }>();
  if (ids.length === 0) return heads;
  const { rows } = await tx.query<{ stream_id: string; version: string; last_hash: Buffer }>(
    `SELECT stream_id, version, last_hash FROM event_store.streams
      WHERE stream_id IN (SELECT json_array_elements_text($1::json)) ORDER BY stream_id FOR UPDATE`,
    [JSON.stringify(ids)],
  );
  for (const row of rows) heads.set(row.stream_id, { version: Number(row.version), lastHash: row.last_hash });
  return heads;
}

function validateBatch(requests: AppendRequest[]): void {
  if (requests.length === 0) throw new InvalidAppendError('An append needs at least one stream');
  const streams = new Set<string>();
  const commands = new Set<string>();
  for (const request of requests) {
    parseStreamId(request.streamId);
    if (request.events.length === 0) throw new InvalidAppendError(`Nothing to append to ${request.streamId}`);
    if (streams.has(request.streamId)) throw new InvalidAppendError(`Stream ${request.streamId} appears twice in one batch`);
    streams.add(request.streamId);
    if (request.commandId) {
      if (commands.has(request.commandId)) throw new InvalidAppendError('A command id appears twice in one batch');
      commands.add(request.commandId);
    }
    for (const event of request.events) {
      if (!/^[a-z][A-Za-z0-9-]*\.[A-Z][A-Za-z0-9]*$/.test(event.type)) throw new InvalidAppendError(`Bad event type ${event.type}`);
    }
  }
}

function matchesExpectation(expected: ExpectedVersion, actual: number): boolean {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return actual === 0;
  if (expected === 'exists') return actual > 0;
  return actual === expected;
}
