import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { systemClock, type Clock } from '@iys/platform/building-blocks';
import { inTransaction, type SqlExecutor } from '@iys/platform/database';
import { ConcurrencyError, InvalidAppendError, type VersionConflict } from './event-store.errors.js';
import {
  LOG_START,
  type AppendRequest,
  type AppendResult,
  type EventMetadata,
  type ExpectedVersion,
  type LogPosition,
  type RecordedEvent,
} from './event-store.types.js';
import { canonicalEventBytes, chainHash, GENESIS_HASH } from './event-hash.js';
import { EVENT_COLUMNS, toRecordedEvent, type EventRow } from './event-row.mapper.js';
import { relevantEvents, type ProjectionDefinition } from './projections/projection.types.js';
import { parseStreamId, streamPrefixPattern } from './stream-id.js';
import { UpcasterRegistry } from './upcaster-registry.js';

/** Channel the store notifies on every commit; async projections LISTEN to it. */
export const EVENTS_CHANNEL = 'iys_events';

export interface EventStoreOptions {
  pool: pg.Pool;
  clock?: Clock;
  upcasters?: UpcasterRegistry;
  /** Run in the transaction of every append that writes their categories, after the events are written. */
  inlineProjections?: ProjectionDefinition[];
}

interface StreamHead {
  version: number;
  lastHash: Buffer;
}

interface StoredOutcome {
  streamId: string;
  nextExpectedVersion: number;
  eventIds: string[];
  globalPositions: string[];
  recordedAt?: string;
}

const UNIQUE_VIOLATION = '23505';
const DEADLOCK_DETECTED = '40P01';

/**
 * The PostgreSQL event store (docs/adr/0003, 0004): optimistic concurrency on every append, many
 * streams in one transaction, idempotent commands, a per-stream hash chain, and a global log read
 * in commit order `(transaction_id, global_position)` below `pg_snapshot_xmin`.
 */
export class PostgresEventStore {
  private readonly pool: pg.Pool;
  private readonly clock: Clock;
  readonly upcasters: UpcasterRegistry;
  private readonly inlineProjections: ProjectionDefinition[];
  private readonly appendObservers: Array<(events: number) => void> = [];

  constructor(options: EventStoreOptions) {
    this.pool = options.pool;
    this.clock = options.clock ?? systemClock;
    this.upcasters = options.upcasters ?? new UpcasterRegistry();
    this.inlineProjections = [...(options.inlineProjections ?? [])];
  }

  registerInlineProjection(definition: ProjectionDefinition): void {
    this.inlineProjections.push(definition);
  }

  /** Told the number of events every committed append wrote (a replayed command writes none): metrics. */
  observeAppends(observer: (events: number) => void): void {
    this.appendObservers.push(observer);
  }

  async append(request: AppendRequest): Promise<AppendResult> {
    const [result] = await this.appendBatch([request]);
    return result;
  }

  /**
   * Appends to many streams atomically: every request is written, or none is. A version conflict
   * on any stream raises one ConcurrencyError naming every conflicting stream, so a bulk caller
   * can re-decide just those and retry the rest.
   */
  async appendBatch(requests: AppendRequest[]): Promise<AppendResult[]> {
    validateBatch(requests);
    // Streams are created and locked in id order, so two batches over the same streams cannot deadlock.
    const ordered = [...requests].sort((a, b) => (a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : 0));
    let appended = 0;
    const run = () =>
      inTransaction(this.pool, async (tx) => {
        const { results: outcomes, written } = await this.appendInTransaction(tx, ordered);
        appended = written;
        return outcomes;
      });
    let results: AppendResult[];
    try {
      results = await run().catch((error: unknown) => {
        // A concurrent twin of one of these commands committed first: replaying now returns its outcome.
        if (isUniqueViolation(error, 'processed_commands_pkey')) return run();
        throw error;
      });
    } catch (error) {
      if (
        isUniqueViolation(error, 'events_stream_position_unique') ||
        isUniqueViolation(error, 'streams_pkey') ||
        (error as { code?: string })?.code === DEADLOCK_DETECTED
      ) {
        throw new ConcurrencyError(requests.map((r) => ({ streamId: r.streamId, expected: r.expectedVersion })));
      }
      throw error;
    }
    if (appended > 0) for (const observe of this.appendObservers) observe(appended);
    const byStream = new Map(results.map((result, i) => [ordered[i].streamId, result]));
    return requests.map((request) => byStream.get(request.streamId)!);
  }

  private async appendInTransaction(tx: pg.PoolClient, requests: AppendRequest[]): Promise<{ results: AppendResult[]; written: number }> {
    const previous = await this.findProcessedCommands(tx, requests);
    const fresh = requests.filter((r) => !(r.commandId && previous.has(r.commandId)));
    const written = fresh.length > 0 ? await this.write(tx, fresh) : new Map<string, AppendResult>();
    const results = requests.map((request) => {
      const earlier = request.commandId ? previous.get(request.commandId) : undefined;
      if (earlier) return fromStoredOutcome(earlier);
      return written.get(request.streamId)!;
    });
    return { results, written: fresh.reduce((sum, request) => sum + request.events.length, 0) };
  }

  /**
   * The outcomes of commands already applied, by command id. A caller re-running a batch after a
   * crash uses it to skip items that were written before it stopped, instead of deciding them again.
   */
  async processedCommands(commandIds: readonly string[], executor?: SqlExecutor): Promise<Map<string, AppendResult>> {
    const stored = await this.findProcessedCommandIds(executor ?? this.pool, commandIds);
    return new Map([...stored].map(([id, outcome]) => [id, fromStoredOutcome(outcome)]));
  }

  private async findProcessedCommands(tx: SqlExecutor, requests: AppendRequest[]): Promise<Map<string, StoredOutcome>> {
    return this.findProcessedCommandIds(tx, requests.flatMap((r) => (r.commandId ? [r.commandId] : [])));
  }

  private async findProcessedCommandIds(tx: SqlExecutor, commandIds: readonly string[]): Promise<Map<string, StoredOutcome>> {
    if (commandIds.length === 0) return new Map();
    const { rows } = await tx.query<{ command_id: string; outcome: StoredOutcome }>(
      'SELECT command_id, outcome FROM event_store.processed_commands WHERE command_id = ANY($1::text[])',
      [commandIds],
    );
    return new Map(rows.map((row) => [row.command_id, row.outcome]));
  }

  private async write(tx: pg.PoolClient, requests: AppendRequest[]): Promise<Map<string, AppendResult>> {
    const heads = await this.lockStreamHeads(tx, requests);
    const conflicts: VersionConflict[] = [];
    for (const request of requests) {
      const actual = heads.get(request.streamId)?.version ?? 0;
      if (!matchesExpectation(request.expectedVersion, actual)) {
        conflicts.push({ streamId: request.streamId, expected: request.expectedVersion, actual });
      }
    }
    if (conflicts.length > 0) throw new ConcurrencyError(conflicts);

    const recordedAt = this.clock.now();
    const rows = new EventRows(requests.reduce((n, r) => n + r.events.length, 0));
    const newStreams = new StreamRows();
    const movedStreams = new StreamRows();
    const recorded: RecordedEvent[] = [];
    for (const request of requests) {
      const head = heads.get(request.streamId);
      const { category, shardKey } = parseStreamId(request.streamId);
      let version = head?.version ?? 0;
      let hash = head?.lastHash ?? GENESIS_HASH;
      for (const event of request.events) {
        version += 1;
        const candidate = {
          streamId: request.streamId,
          streamPosition: version,
          eventId: event.eventId ?? randomUUID(),
          type: event.type,
          schemaVersion: event.schemaVersion ?? 1,
          data: event.data,
          metadata: (event.metadata ?? {}) as EventMetadata,
          occurredAt: event.occurredAt ?? recordedAt,
          recordedAt,
        };
        hash = chainHash(hash, canonicalEventBytes(candidate));
        rows.push(candidate, shardKey, hash);
        recorded.push({ ...candidate, hash, globalPosition: 0n, transactionId: 0n });
      }
      (head ? movedStreams : newStreams).push(request.streamId, category, shardKey, version, hash, head?.version ?? 0);
    }

    await this.insertNewStreams(tx, newStreams);
    await this.advanceStreams(tx, movedStreams);
    const positions = await rows.insert(tx);
    for (const event of recorded) {
      const position = positions.get(`${event.streamId}\u0000${event.streamPosition}`)!;
      event.globalPosition = position.globalPosition;
      event.transactionId = position.transactionId;
    }

    const results = new Map<string, AppendResult>();
    let offset = 0;
    for (const request of requests) {
      const mine = recorded.slice(offset, offset + request.events.length);
      offset += request.events.length;
      results.set(request.streamId, {
        streamId: request.streamId,
        nextExpectedVersion: mine[mine.length - 1].streamPosition,
        eventIds: mine.map((e) => e.eventId),
        globalPositions: mine.map((e) => e.globalPosition),
        recordedAt,
        duplicate: false,
      });
    }
    await this.recordCommands(tx, requests, results);
    for (const projection of this.inlineProjections) {
      const events = relevantEvents(projection, recorded);
      if (events.length > 0) await projection.handle(events, tx);
    }
    return results;
  }

  /** Locks the rows of streams that already exist, so their versions cannot move until commit. */
  private async lockStreamHeads(tx: SqlExecutor, requests: AppendRequest[]): Promise<Map<string, StreamHead>> {
    const ids = requests.filter((r) => r.expectedVersion !== 'no_stream' && r.expectedVersion !== 0).map((r) => r.streamId);
    const heads = new Map<string, StreamHead>();
    if (ids.length === 0) return heads;
    const { rows } = await tx.query<{ stream_id: string; version: string; last_hash: Buffer }>(
      `SELECT stream_id, version, last_hash FROM event_store.streams
        WHERE stream_id = ANY($1::text[]) ORDER BY stream_id FOR UPDATE`,
      [ids],
    );
    for (const row of rows) heads.set(row.stream_id, { version: Number(row.version), lastHash: row.last_hash });
    return heads;
  }

  private async insertNewStreams(tx: SqlExecutor, streams: StreamRows): Promise<void> {
    if (streams.ids.length === 0) return;
    // A stream created concurrently after our check makes ON CONFLICT skip it: that is a conflict.
    const { rows } = await tx.query<{ stream_id: string }>(
      `INSERT INTO event_store.streams (stream_id, stream_type, shard_key, version, last_hash)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::bytea[])
       ON CONFLICT (stream_id, shard_key) DO NOTHING RETURNING stream_id`,
      [streams.ids, streams.categories, streams.shardKeys, streams.versions, streams.hashes],
    );
    if (rows.length !== streams.ids.length) {
      const inserted = new Set(rows.map((r) => r.stream_id));
      throw new ConcurrencyError(
        streams.ids.filter((id) => !inserted.has(id)).map((streamId) => ({ streamId, expected: 'no_stream' as const })),
      );
    }
  }

  private async advanceStreams(tx: SqlExecutor, streams: StreamRows): Promise<void> {
    if (streams.ids.length === 0) return;
    const { rowCount } = await tx.query(
      `UPDATE event_store.streams s SET version = v.version, last_hash = v.last_hash, updated_at = now()
         FROM unnest($1::text[], $2::bigint[], $3::bytea[], $4::bigint[]) AS v(stream_id, version, last_hash, previous)
        WHERE s.stream_id = v.stream_id AND s.version = v.previous`,
      [streams.ids, streams.versions, streams.hashes, streams.previousVersions],
    );
    if (rowCount !== streams.ids.length) {
      throw new ConcurrencyError(streams.ids.map((streamId) => ({ streamId, expected: 'exists' as const })));
    }
  }

  private async recordCommands(tx: SqlExecutor, requests: AppendRequest[], results: Map<string, AppendResult>): Promise<void> {
    const withCommand = requests.filter((r) => r.commandId);
    if (withCommand.length === 0) return;
    await tx.query(
      `INSERT INTO event_store.processed_commands (command_id, stream_id, shard_key, outcome)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[])`,
      [
        withCommand.map((r) => r.commandId),
        withCommand.map((r) => r.streamId),
        withCommand.map((r) => parseStreamId(r.streamId).shardKey),
        withCommand.map((r) => {
          const result = results.get(r.streamId)!;
          const outcome: StoredOutcome = {
            streamId: result.streamId,
            nextExpectedVersion: result.nextExpectedVersion,
            eventIds: result.eventIds,
            globalPositions: result.globalPositions.map(String),
            recordedAt: result.recordedAt.toISOString(),
          };
          return JSON.stringify(outcome);
        }),
      ],
    );
  }

  /** One stream in order; `fromPosition` is inclusive. */
  async readStream(streamId: string, { fromPosition = 1, executor }: { fromPosition?: number; executor?: SqlExecutor } = {}): Promise<RecordedEvent[]> {
    const { rows } = await (executor ?? this.pool).query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM event_store.events
        WHERE stream_id = $1 AND stream_position >= $2 ORDER BY stream_position`,
      [streamId, fromPosition],
    );
    return rows.map((row) => toRecordedEvent(row, this.upcasters));
  }

  /** Many streams in one query (bulk commands decide on all of them at once); absent streams map to []. */
  async readStreams(streamIds: readonly string[], executor?: SqlExecutor): Promise<Map<string, RecordedEvent[]>> {
    const streams = new Map<string, RecordedEvent[]>(streamIds.map((id) => [id, []]));
    if (streamIds.length === 0) return streams;
    const { rows } = await (executor ?? this.pool).query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM event_store.events WHERE stream_id = ANY($1::text[]) ORDER BY stream_id, stream_position`,
      [streamIds],
    );
    for (const row of rows) streams.get(row.stream_id)?.push(toRecordedEvent(row, this.upcasters));
    return streams;
  }

  /**
   * The chain hash stored for each of `eventIds` (absent ids are left out): what a signed snapshot
   * or an inclusion proof is built from, read without the events themselves.
   */
  async chainHashesOf(eventIds: readonly string[], executor?: SqlExecutor): Promise<Map<string, Buffer>> {
    if (eventIds.length === 0) return new Map();
    const { rows } = await (executor ?? this.pool).query<{ event_id: string; hash: Buffer }>(
      'SELECT event_id::text AS event_id, hash FROM event_store.events WHERE event_id = ANY($1::uuid[])',
      [eventIds],
    );
    return new Map(rows.map((row) => [row.event_id, row.hash]));
  }

  /** Current version of a stream; 0 when it does not exist. */
  async streamVersion(streamId: string, executor?: SqlExecutor): Promise<number> {
    const { rows } = await (executor ?? this.pool).query<{ version: string }>(
      'SELECT version FROM event_store.streams WHERE stream_id = $1',
      [streamId],
    );
    return rows.length === 0 ? 0 : Number(rows[0].version);
  }

  /**
   * Every stream whose id starts with `prefix` (e.g. all consents of one recipient), each stream's
   * events in order, streams ordered by id.
   */
  async readStreamsByPrefix(prefix: string, executor?: SqlExecutor): Promise<RecordedEvent[]> {
    parseStreamId(prefix.replace(/[.]$/, ''));
    const pattern = streamPrefixPattern(prefix);
    const { rows } = await (executor ?? this.pool).query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM event_store.events
        WHERE stream_id LIKE $1 ORDER BY stream_id, stream_position`,
      [pattern],
    );
    return rows.map((row) => toRecordedEvent(row, this.upcasters));
  }

  /**
   * The global log after `after`, in commit order. Only transactions older than every transaction
   * still in flight are returned (`pg_snapshot_xmin`), so a slow commit can never be overtaken and
   * skipped by a reader (docs/adr/0004).
   */
  async readAll({ after = LOG_START, limit = 1000, executor }: { after?: LogPosition; limit?: number; executor?: SqlExecutor } = {}): Promise<RecordedEvent[]> {
    const { rows } = await (executor ?? this.pool).query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM event_store.events
        WHERE (transaction_id, global_position) > ($1::text::xid8, $2::bigint)
          AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
        ORDER BY transaction_id, global_position
        LIMIT $3`,
      [after.transactionId.toString(), after.globalPosition.toString(), limit],
    );
    return rows.map((row) => toRecordedEvent(row, this.upcasters));
  }

  /** The newest committed position, visible or not yet below the xmin horizon. */
  async headPosition(executor?: SqlExecutor): Promise<LogPosition> {
    const { rows } = await (executor ?? this.pool).query<{ transaction_id_text: string; global_position: string }>(
      `SELECT transaction_id::text AS transaction_id_text, global_position FROM event_store.events
        ORDER BY transaction_id DESC, global_position DESC LIMIT 1`,
    );
    if (rows.length === 0) return LOG_START;
    return { transactionId: BigInt(rows[0].transaction_id_text), globalPosition: BigInt(rows[0].global_position) };
  }
}

function fromStoredOutcome(stored: StoredOutcome): AppendResult {
  return {
    streamId: stored.streamId,
    nextExpectedVersion: stored.nextExpectedVersion,
    eventIds: stored.eventIds,
    globalPositions: stored.globalPositions.map((p) => BigInt(p)),
    // Outcomes stored before recordedAt was kept report the epoch rather than a wrong time.
    recordedAt: new Date(stored.recordedAt ?? 0),
    duplicate: true,
  };
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
    const expected = request.expectedVersion;
    if (typeof expected === 'number' && (!Number.isSafeInteger(expected) || expected < 0)) {
      throw new InvalidAppendError(`Expected version must be a non-negative integer, got ${expected}`);
    }
    for (const event of request.events) {
      if (!/^[a-z][A-Za-z0-9-]*\.[A-Z][A-Za-z0-9]*$/.test(event.type)) {
        throw new InvalidAppendError(`Event type "${event.type}" must look like context.PastTenseFact`);
      }
    }
  }
}

function matchesExpectation(expected: ExpectedVersion, actual: number): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return actual === 0;
    case 'exists':
      return actual > 0;
    default:
      return actual === expected;
  }
}

function isUniqueViolation(error: unknown, constraint: string): boolean {
  const pgError = error as { code?: string; constraint?: string };
  return pgError?.code === UNIQUE_VIOLATION && pgError.constraint === constraint;
}

/** Column arrays for one multi-row statement: one round trip whatever the batch size. */
class StreamRows {
  readonly ids: string[] = [];
  readonly categories: string[] = [];
  readonly shardKeys: string[] = [];
  readonly versions: number[] = [];
  readonly hashes: Buffer[] = [];
  readonly previousVersions: number[] = [];

  push(id: string, category: string, shardKey: string, version: number, hash: Buffer, previous: number): void {
    this.ids.push(id);
    this.categories.push(category);
    this.shardKeys.push(shardKey);
    this.versions.push(version);
    this.hashes.push(hash);
    this.previousVersions.push(previous);
  }
}

class EventRows {
  private readonly streamIds: string[] = [];
  private readonly shardKeys: string[] = [];
  private readonly positions: number[] = [];
  private readonly eventIds: string[] = [];
  private readonly types: string[] = [];
  private readonly schemaVersions: number[] = [];
  private readonly data: string[] = [];
  private readonly metadata: string[] = [];
  private readonly occurredAt: string[] = [];
  private readonly recordedAt: string[] = [];
  private readonly hashes: Buffer[] = [];

  constructor(readonly size: number) {}

  push(
    event: { streamId: string; streamPosition: number; eventId: string; type: string; schemaVersion: number; data: object; metadata: object; occurredAt: Date; recordedAt: Date },
    shardKey: string,
    hash: Buffer,
  ): void {
    this.streamIds.push(event.streamId);
    this.shardKeys.push(shardKey);
    this.positions.push(event.streamPosition);
    this.eventIds.push(event.eventId);
    this.types.push(event.type);
    this.schemaVersions.push(event.schemaVersion);
    this.data.push(JSON.stringify(event.data));
    this.metadata.push(JSON.stringify(event.metadata));
    this.occurredAt.push(event.occurredAt.toISOString());
    this.recordedAt.push(event.recordedAt.toISOString());
    this.hashes.push(hash);
  }

  async insert(tx: SqlExecutor): Promise<Map<string, LogPosition>> {
    const { rows } = await tx.query<{ stream_id: string; stream_position: string; global_position: string; transaction_id_text: string }>(
      // The wake-up of the projection daemons rides on the insert (one round trip fewer); like any
      // NOTIFY it is delivered only if and when the transaction commits.
      `WITH inserted AS (
         INSERT INTO event_store.events
           (stream_id, shard_key, stream_position, event_id, event_type, schema_version, data, metadata, occurred_at, recorded_at, hash)
         SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::uuid[], $5::text[], $6::int2[], $7::jsonb[], $8::jsonb[],
                              $9::timestamptz[], $10::timestamptz[], $11::bytea[])
         RETURNING stream_id, stream_position, global_position, transaction_id::text AS transaction_id_text),
       woken AS (SELECT pg_notify('${EVENTS_CHANNEL}', ''))
       SELECT inserted.* FROM inserted, woken`,
      [this.streamIds, this.shardKeys, this.positions, this.eventIds, this.types, this.schemaVersions, this.data, this.metadata, this.occurredAt, this.recordedAt, this.hashes],
    );
    return new Map(
      rows.map((row) => [
        `${row.stream_id}\u0000${row.stream_position}`,
        { globalPosition: BigInt(row.global_position), transactionId: BigInt(row.transaction_id_text) },
      ]),
    );
  }
}
