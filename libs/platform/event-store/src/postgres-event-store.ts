import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { canonicalJson, systemClock, type Clock } from '@iys/platform/building-blocks';
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
import { chainHashOfEnvelope, GENESIS_HASH, splicedEnvelope, type SerialisedEvent } from './event-hash.js';
import { EVENT_COLUMNS, toRecordedEvent, type EventRow } from './event-row.mapper.js';
import { concerns, projectionKey, relevantEvents, type InlineAppendWrite, type ProjectionDefinition } from './projections/projection.types.js';
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
  /** At most one append per this many ms carries the NOTIFY; the others are followed by one within it (see WakeUps). */
  wakeUpEveryMs?: number;
  /**
   * A batch of at least this many events writes them with COPY inside its transaction (docs/adr/0064);
   * smaller ones, the single append among them, keep the one statement. `Infinity`: never.
   */
  copyEventsFrom?: number;
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

export interface AppendOptions {
  /**
   * Runs in the append's transaction after the events (and inline projections) are written, with
   * the results in request order: what the caller records about the outcome commits with the
   * events or not at all (the batch worker's per-item outcomes).
   */
  withinTransaction?: (tx: SqlExecutor, results: AppendResult[]) => Promise<void>;
}

/** The pool (one statement, autocommit) or the transaction's client: both take a named, prepared statement. */
type Queryable = Pick<pg.PoolClient, 'query'>;

const UNIQUE_VIOLATION = '23505';
const DEFAULT_WAKE_UP_EVERY_MS = 10;
const DEFAULT_COPY_EVENTS_FROM = 64;
const DEADLOCK_DETECTED = '40P01';
/** Raised by event_store.append_conflict: a stream head was not where the append expected it. */
const APPEND_CONFLICT = 'IYS01';

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
  private readonly wakeUps: WakeUps;
  private readonly copyEventsFrom: number;

  constructor(options: EventStoreOptions) {
    this.pool = options.pool;
    this.clock = options.clock ?? systemClock;
    this.upcasters = options.upcasters ?? new UpcasterRegistry();
    this.inlineProjections = [...(options.inlineProjections ?? [])];
    this.wakeUps = new WakeUps(this.pool, options.wakeUpEveryMs ?? DEFAULT_WAKE_UP_EVERY_MS);
    this.copyEventsFrom = options.copyEventsFrom ?? DEFAULT_COPY_EVENTS_FROM;
  }

  registerInlineProjection(definition: ProjectionDefinition): void {
    this.inlineProjections.push(definition);
  }

  /** Told the number of events every committed append wrote (a replayed command writes none): metrics. */
  observeAppends(observer: (events: number) => void): void {
    this.appendObservers.push(observer);
  }

  /** A transaction of the store's own pool: what a caller records when there was nothing to append (see decideAndAppend). */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return inTransaction(this.pool, work);
  }

  async append(request: AppendRequest): Promise<AppendResult> {
    const [result] = await this.appendBatch([request]);
    return result;
  }

  /**
   * Appends to many streams atomically: every request is written, or none is. A version conflict
   * on any stream raises one ConcurrencyError naming every conflicting stream, so a bulk caller
   * can re-decide just those and retry the rest.
   *
   * The write is one statement (docs/adr/0059): stream heads created or moved, events, idempotency
   * rows, the inline projections' writes they offer as a CTE (docs/adr/0063) and the projections'
   * wake-up together. When no stream head must be read first (new streams, or the caller passed the
   * hash it read) and every inline projection concerned writes within the statement, that statement
   * is the whole append: one round trip, atomic on its own. Otherwise it runs in a transaction after the
   * head reads and before the inline projections. Command ids are not looked up first: a command
   * already applied collides with its idempotency row (or its stream head), and only then does the
   * careful path read what was recorded, as it does for every lost race.
   */
  async appendBatch(requests: AppendRequest[], { withinTransaction }: AppendOptions = {}): Promise<AppendResult[]> {
    validateBatch(requests);
    // Streams are created and locked in id order, so two batches over the same streams cannot deadlock.
    const ordered = [...requests].sort((a, b) => (a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : 0));
    const inRequestOrder = (results: AppendResult[]) => {
      const byStream = new Map(results.map((result, i) => [ordered[i].streamId, result]));
      return requests.map((request) => byStream.get(request.streamId)!);
    };
    const within = withinTransaction && ((tx: SqlExecutor, results: AppendResult[]) => withinTransaction(tx, inRequestOrder(results)));
    let outcome: { results: AppendResult[]; written: number };
    const owed = { value: false };
    // A large batch's events go in with COPY, which needs the transaction (docs/adr/0064).
    const copy = ordered.reduce((sum, request) => sum + request.events.length, 0) >= this.copyEventsFrom;
    try {
      outcome =
        within || copy || this.needsTransaction(ordered)
          ? await inTransaction(this.pool, (tx) => this.appendInTransaction(tx, ordered, { lookUp: false, trustHashes: true, owed, within, copy }))
          : await this.appendInTransaction(this.pool, ordered, { lookUp: false, trustHashes: true, owed, copy });
    } catch (error) {
      if (!isLostRace(error)) throw error;
      owed.value = false;
      outcome = await this.appendCarefully(ordered, requests, within, owed, copy);
    }
    // Committed without the wake-up: one follows shortly (see WakeUps).
    if (owed.value) this.wakeUps.owe();
    if (outcome.written > 0) for (const observe of this.appendObservers) observe(outcome.written);
    return inRequestOrder(outcome.results);
  }

  /** After a lost race: commands looked up, every head read and locked, conflicts named with the versions found. */
  private async appendCarefully(
    ordered: AppendRequest[],
    requests: AppendRequest[],
    within: AppendOptions['withinTransaction'],
    owed: { value: boolean },
    copy: boolean,
  ): Promise<{ results: AppendResult[]; written: number }> {
    const run = () => inTransaction(this.pool, (tx) => this.appendInTransaction(tx, ordered, { lookUp: true, trustHashes: false, owed, within, copy }));
    try {
      return await run().catch((error: unknown) => {
        // A concurrent twin of one of these commands committed first: replaying now returns its outcome.
        if (isUniqueViolation(error, 'processed_commands_pkey')) return run();
        throw error;
      });
    } catch (error) {
      if (isLostRace(error) && !(error instanceof ConcurrencyError)) {
        throw new ConcurrencyError(requests.map((r) => ({ streamId: r.streamId, expected: r.expectedVersion })));
      }
      throw error;
    }
  }

  /** A head to read first, or an inline projection to run after the write (one whose writes the statement cannot carry). */
  private needsTransaction(requests: AppendRequest[]): boolean {
    return requests.some(
      (request) =>
        needsHeadRead(request, true) ||
        this.inlineProjections.some((projection) =>
          request.events.some((event) => concerns(projection, request.streamId, event.type) && !projection.appendWrite?.eventTypes.includes(event.type)),
        ),
    );
  }

  private async appendInTransaction(
    tx: Queryable,
    requests: AppendRequest[],
    options: { lookUp: boolean; trustHashes: boolean; owed: { value: boolean }; within?: AppendOptions['withinTransaction']; copy: boolean },
  ): Promise<{ results: AppendResult[]; written: number }> {
    const previous = options.lookUp ? await this.findProcessedCommands(tx, requests) : new Map<string, StoredOutcome>();
    const fresh = requests.filter((r) => !(r.commandId && previous.has(r.commandId)));
    const written = fresh.length > 0 ? await this.write(tx, fresh, options.trustHashes, options.owed, options.copy) : new Map<string, AppendResult>();
    const results = requests.map((request) => {
      const earlier = request.commandId ? previous.get(request.commandId) : undefined;
      if (earlier) return fromStoredOutcome(earlier);
      return written.get(request.streamId)!;
    });
    if (options.within) await options.within(tx, results);
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

  /** Rows written before ADR 0059 carry their outcome; slim rows have it rebuilt from the command's events. */
  private async findProcessedCommandIds(tx: SqlExecutor, commandIds: readonly string[]): Promise<Map<string, StoredOutcome>> {
    if (commandIds.length === 0) return new Map();
    const { rows } = await tx.query<{
      command_id: string;
      stream_id: string;
      outcome: StoredOutcome | null;
      last_position: string | null;
      event_ids: string[] | null;
      global_positions: string[] | null;
      recorded_at: Date | null;
    }>(
      `SELECT c.command_id, c.stream_id, c.outcome, c.last_position, e.event_ids, e.global_positions, e.recorded_at
         FROM event_store.processed_commands c
         LEFT JOIN LATERAL (
           SELECT array_agg(event_id::text ORDER BY stream_position) AS event_ids,
                  array_agg(global_position::text ORDER BY stream_position) AS global_positions,
                  min(recorded_at) AS recorded_at
             FROM event_store.events
            WHERE c.outcome IS NULL AND stream_id = c.stream_id AND stream_position BETWEEN c.first_position AND c.last_position) e ON true
        WHERE c.command_id = ANY($1::text[])`,
      [commandIds],
    );
    return new Map(
      rows.map((row) => [
        row.command_id,
        row.outcome ?? {
          streamId: row.stream_id,
          nextExpectedVersion: Number(row.last_position),
          eventIds: row.event_ids ?? [],
          globalPositions: row.global_positions ?? [],
          recordedAt: row.recorded_at?.toISOString(),
        },
      ]),
    );
  }

  private async write(tx: Queryable, requests: AppendRequest[], trustHashes: boolean, owed: { value: boolean }, copy: boolean): Promise<Map<string, AppendResult>> {
    const heads = await this.lockStreamHeads(tx, requests.filter((r) => needsHeadRead(r, trustHashes)).map((r) => r.streamId));
    const conflicts: VersionConflict[] = [];
    for (const request of requests) {
      if (!needsHeadRead(request, trustHashes)) continue;
      const actual = heads.get(request.streamId)?.version ?? 0;
      if (!matchesExpectation(request.expectedVersion, actual)) {
        conflicts.push({ streamId: request.streamId, expected: request.expectedVersion, actual });
      }
    }
    if (conflicts.length > 0) throw new ConcurrencyError(conflicts);

    const recordedAt = this.clock.now();
    const statement = new AppendStatement(recordedAt, copy);
    const recorded: RecordedEvent[] = [];
    for (const request of requests) {
      // A head read and locked above; or the version and hash the caller read, checked by the write itself.
      const hinted = needsHeadRead(request, trustHashes) ? undefined : hintedHead(request);
      const head = heads.get(request.streamId) ?? hinted;
      const { category, shardKey } = parseStreamId(request.streamId);
      const previousVersion = head?.version ?? 0;
      let version = previousVersion;
      let hash = head?.lastHash ?? GENESIS_HASH;
      for (const event of request.events) {
        version += 1;
        // Each object built once with its final shape: no spreads, nothing copied (docs/adr/0064).
        const eventId = event.eventId ?? randomUUID();
        const schemaVersion = event.schemaVersion ?? 1;
        const metadata = (event.metadata ?? {}) as EventMetadata;
        const occurredAt = event.occurredAt ?? recordedAt;
        const serialised: SerialisedEvent = {
          streamId: request.streamId,
          streamPosition: version,
          eventId,
          type: event.type,
          schemaVersion,
          dataJson: canonicalJson(event.data),
          metadataJson: canonicalJson(metadata),
          occurredAtIso: occurredAt === recordedAt ? statement.recordedAtIso : occurredAt.toISOString(),
          recordedAtIso: statement.recordedAtIso,
        };
        // The envelope is spliced once and hashed from one reused buffer (docs/adr/0064).
        hash = chainHashOfEnvelope(hash, splicedEnvelope(serialised));
        statement.event(serialised, shardKey, hash);
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
      statement.stream(request.streamId, category, shardKey, version, hash, previousVersion, hinted?.lastHash);
      if (request.commandId) statement.command(request.commandId, request.streamId, shardKey, previousVersion + 1, version);
    }

    // Inline projections write within the statement when they can for all their events, else after it.
    const afterwards: { projection: ProjectionDefinition; events: RecordedEvent[] }[] = [];
    for (const projection of this.inlineProjections) {
      const events = relevantEvents(projection, recorded);
      if (events.length === 0) continue;
      const inStatement = projection.appendWrite;
      if (inStatement && events.every((event) => inStatement.eventTypes.includes(event.type))) statement.inline(projectionKey(projection), inStatement, events);
      else afterwards.push({ projection, events });
    }

    const notified = this.wakeUps.take();
    const { globalPositions, transactionId } = await statement.run(tx, notified);
    if (!notified) owed.value = true;
    // Positions come back in (stream id, stream position) order: the order `recorded` was built in.
    recorded.forEach((event, i) => {
      event.globalPosition = globalPositions[i];
      event.transactionId = transactionId;
    });

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
    for (const { projection, events } of afterwards) await projection.handle(events, tx);
    return results;
  }

  /** Locks the rows of streams that already exist, so their versions cannot move until commit. */
  private async lockStreamHeads(tx: SqlExecutor, ids: string[]): Promise<Map<string, StreamHead>> {
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

/**
 * Whether the append reads (and locks) the stream's head before it chains onto it: always on the
 * careful path (so a conflict names the version found), else only when neither new nor hinted.
 */
function needsHeadRead(request: AppendRequest, trustHashes: boolean): boolean {
  if (!trustHashes) return true;
  const expected = request.expectedVersion;
  if (expected === 'no_stream' || expected === 0) return false;
  return !(typeof expected === 'number' && request.previousHash);
}

function hintedHead(request: AppendRequest): StreamHead | undefined {
  const expected = request.expectedVersion;
  return typeof expected === 'number' && expected > 0 && request.previousHash ? { version: expected, lastHash: request.previousHash } : undefined;
}

/** What another writer getting in first looks like, whichever statement noticed it. */
function isLostRace(error: unknown): boolean {
  if (error instanceof ConcurrencyError) return true;
  const code = (error as { code?: string })?.code;
  return (
    code === APPEND_CONFLICT ||
    code === DEADLOCK_DETECTED ||
    isUniqueViolation(error, 'events_stream_position_unique') ||
    isUniqueViolation(error, 'streams_pkey') ||
    isUniqueViolation(error, 'processed_commands_pkey')
  );
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

/**
 * The projections' wake-up, coalesced. PostgreSQL serialises the commits of transactions that
 * NOTIFY (one lock on the notification queue from pre-commit to the end of the transaction), so
 * with durable commits (synchronous_commit on) every notifying append waits for the previous one's
 * WAL flush: no group commit (measured: 8 clients 266 vs 503 appends/s with and without). At most
 * one append per `everyMs` carries the NOTIFY; one committed without it is followed by a single
 * trailing NOTIFY `everyMs` later, so daemons still wake within that time of every commit.
 */
class WakeUps {
  private last = -Infinity;
  private trailing?: NodeJS.Timeout;

  constructor(
    private readonly pool: pg.Pool,
    private readonly everyMs: number,
  ) {}

  /** Whether this append carries the NOTIFY itself. */
  take(): boolean {
    const now = performance.now();
    if (now - this.last < this.everyMs) return false;
    this.last = now;
    return true;
  }

  /** Called after the commit of an append that did not carry it. */
  owe(): void {
    if (this.trailing) return;
    this.trailing = setTimeout(() => {
      this.trailing = undefined;
      this.last = performance.now();
      this.pool.query(`SELECT pg_notify('${EVENTS_CHANNEL}', '')`).catch(() => undefined);
    }, this.everyMs);
    this.trailing.unref();
  }
}

/**
 * The append's one statement: every row travels as one JSON document per table (no array literals
 * to build and parse), events carry their canonical JSON as stored, and the statement checks that
 * it created or moved exactly the stream heads it meant to, failing as a whole otherwise
 * (`event_store.append_conflict`). The wake-up of the projection daemons rides on it; like any
 * NOTIFY it is delivered only if and when the transaction commits. Prepared once per connection.
 */
class AppendStatement {
  /**
   * `inline`: the inline projections' writes, each a CTE reading its own json parameter after the
   * statement's own. `copied`: the events are already in, written by COPY earlier in the transaction,
   * so the statement reads their positions back (this transaction's rows, by the commit-order index;
   * one COPY numbers its rows in input order) instead of inserting them.
   */
  private static sql(notify: boolean, inline: readonly InlineAppendWrite[], copied: boolean): string {
    // Without the events' JSON and time, the copied statement's parameters are numbered without them.
    const [commands, streams, firstInline] = copied ? ['$2', '$3', 4] : ['$3', '$5', 6];
    const projected = inline.map((write, i) => `,\n    inline_${i} AS (\n      ${write.sql(`$${firstInline + i}::json`)})`).join('');
    return `
    WITH heads AS (
      SELECT * FROM json_to_recordset($1::json) AS h(s text, c text, k text, v bigint, h text, p bigint, ph text)),
    created AS (
      INSERT INTO event_store.streams (stream_id, stream_type, shard_key, version, last_hash)
      SELECT h.s, h.c, h.k, h.v, decode(h.h, 'hex') FROM heads h WHERE h.p = 0
      ON CONFLICT (stream_id, shard_key) DO NOTHING
      RETURNING 1),
    moved AS (
      UPDATE event_store.streams t SET version = h.v, last_hash = decode(h.h, 'hex'), updated_at = now()
        FROM heads h
       WHERE h.p > 0 AND t.stream_id = h.s AND t.shard_key = h.k AND t.version = h.p
         AND (h.ph IS NULL OR t.last_hash = decode(h.ph, 'hex'))
      RETURNING 1),
    inserted AS (${copied ? `
      SELECT global_position FROM event_store.events WHERE transaction_id = pg_current_xact_id()),` : `
      INSERT INTO event_store.events
        (stream_id, shard_key, stream_position, event_id, event_type, schema_version, data, metadata, occurred_at, recorded_at, hash)
      SELECT e.s, e.k, e.p, e.e, e.t, e.v, e.d, e.m, e.o, $4::timestamptz, decode(e.h, 'hex')
        FROM json_to_recordset($2::json) AS e(s text, k text, p bigint, e uuid, t text, v int2, d jsonb, m jsonb, o timestamptz, h text)
      RETURNING stream_id, stream_position, global_position),`}
    commands AS (
      INSERT INTO event_store.processed_commands (command_id, stream_id, shard_key, first_position, last_position)
      SELECT c.c, c.s, c.k, c.f, c.l FROM json_to_recordset(${commands}::json) AS c(c text, s text, k text, f bigint, l bigint))${projected}
    SELECT event_store.append_conflict((SELECT count(*) FROM created) + (SELECT count(*) FROM moved), ${streams}) AS ok,
           (SELECT string_agg(global_position::text, ',' ORDER BY ${copied ? 'global_position' : 'stream_id, stream_position'}) FROM inserted) AS positions,
           pg_current_xact_id()::text AS transaction_id${notify ? `, pg_notify('${EVENTS_CHANNEL}', '') AS woken` : ''}`;
  }

  /** Statement texts by name: one per wake-up choice, COPY or not, and set of inline projections written within. */
  private static readonly texts = new Map<string, string>();
  private static readonly COPY = `COPY event_store.events
    (stream_id, shard_key, stream_position, event_id, event_type, schema_version, data, metadata, occurred_at, recorded_at, hash) FROM STDIN`;
  private static readonly COPY_HEADS = 'COPY event_store.streams (stream_id, stream_type, shard_key, version, last_hash) FROM STDIN';
  private static readonly COPY_COMMANDS = 'COPY event_store.processed_commands (command_id, stream_id, shard_key, first_position, last_position) FROM STDIN';

  readonly recordedAtIso: string;
  private readonly heads: string[] = [];
  /** JSON rows, or with `copy` COPY's text-format lines. */
  private readonly events: string[] = [];
  /** JSON rows, or with `copy` COPY's text-format lines. */
  private readonly commands: string[] = [];
  private readonly inlineKeys: string[] = [];
  private readonly inlineWrites: InlineAppendWrite[] = [];
  private readonly inlineRows: string[] = [];
  /** With `copy`: the new streams' heads as COPY lines (the moved ones stay in `heads`). */
  private readonly createdHeads: string[] = [];

  constructor(
    recordedAt: Date,
    private readonly copy = false,
  ) {
    this.recordedAtIso = recordedAt.toISOString();
  }

  /** Stream ids, categories and shard keys match the stream-id grammar: nothing in them needs escaping. */
  stream(id: string, category: string, shardKey: string, version: number, hash: Buffer, previous: number, previousHash?: Buffer): void {
    if (this.copy && previous === 0) {
      // A head that already exists fails the COPY on streams_pkey: a lost race, as the count check's.
      this.createdHeads.push(id + '\t' + category + '\t' + shardKey + '\t' + version + '\t\\\\x' + hash.toString('hex') + '\n');
      return;
    }
    const checked = previousHash ? `"${previousHash.toString('hex')}"` : 'null';
    this.heads.push(`{"s":"${id}","c":"${category}","k":"${shardKey}","v":${version},"h":"${hash.toString('hex')}","p":${previous},"ph":${checked}}`);
  }

  event(e: SerialisedEvent, shardKey: string, hash: Buffer): void {
    if (this.copy) {
      // Stream ids, shard keys, types and timestamps need no escaping (grammar-checked); the hash as bytea hex (`\\x…`).
      this.events.push(
        e.streamId + '\t' + shardKey + '\t' + e.streamPosition + '\t' + copyText(e.eventId) + '\t' + e.type + '\t' + e.schemaVersion + '\t' +
          copyText(e.dataJson) + '\t' + copyText(e.metadataJson) + '\t' + e.occurredAtIso + '\t' + this.recordedAtIso + '\t\\\\x' + hash.toString('hex') + '\n',
      );
      return;
    }
    this.events.push(
      `{"s":"${e.streamId}","k":"${shardKey}","p":${e.streamPosition},"e":${JSON.stringify(e.eventId)},"t":"${e.type}","v":${e.schemaVersion},` +
        `"d":${e.dataJson},"m":${e.metadataJson},"o":"${e.occurredAtIso}","h":"${hash.toString('hex')}"}`,
    );
  }

  command(commandId: string, streamId: string, shardKey: string, first: number, last: number): void {
    if (this.copy) {
      // A command applied before fails the COPY on processed_commands_pkey: the careful path replays it.
      this.commands.push(copyText(commandId) + '\t' + streamId + '\t' + shardKey + '\t' + first + '\t' + last + '\n');
      return;
    }
    this.commands.push(`{"c":${JSON.stringify(commandId)},"s":"${streamId}","k":"${shardKey}","f":${first},"l":${last}}`);
  }

  /** An inline projection's rows for this append, written by its CTE (the projection's key names the prepared statement). */
  inline(key: string, write: InlineAppendWrite, events: RecordedEvent[]): void {
    this.inlineKeys.push(key);
    this.inlineWrites.push(write);
    this.inlineRows.push(write.rows(events));
  }

  /** `notify`: this statement carries the projections' wake-up (see WakeUps). */
  async run(tx: Queryable, notify: boolean): Promise<{ globalPositions: bigint[]; transactionId: bigint }> {
    if (this.copy) {
      await copyInto(tx, AppendStatement.COPY, this.events);
      await copyInto(tx, AppendStatement.COPY_HEADS, this.createdHeads);
      await copyInto(tx, AppendStatement.COPY_COMMANDS, this.commands);
    }
    const name = [`event-store-append${notify ? '' : '-quiet'}${this.copy ? '-copied' : ''}-v1`, ...this.inlineKeys].join('+');
    let text = AppendStatement.texts.get(name);
    if (text === undefined) AppendStatement.texts.set(name, (text = AppendStatement.sql(notify, this.inlineWrites, this.copy)));
    const { rows } = await tx.query<{ positions: string; transaction_id: string }>({
      name,
      text,
      values: this.copy
        ? [`[${this.heads.join(',')}]`, '[]', this.heads.length, ...this.inlineRows]
        : [`[${this.heads.join(',')}]`, `[${this.events.join(',')}]`, `[${this.commands.join(',')}]`, this.recordedAtIso, this.heads.length, ...this.inlineRows],
    });
    const globalPositions = rows[0].positions.split(',').map((p) => BigInt(p));
    if (this.copy && globalPositions.length !== this.events.length) throw new Error(`COPY wrote ${globalPositions.length} events, not ${this.events.length}`);
    return { globalPositions, transactionId: BigInt(rows[0].transaction_id) };
  }
}

/** A field in COPY's text format: backslash, tab, newline and carriage return escaped (JSON text never holds the last three raw). */
function copyText(value: string): string {
  return /[\\\t\n\r]/.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r')) : value;
}

async function copyInto(tx: Queryable, copy: string, lines: string[]): Promise<void> {
  if (lines.length > 0) await pipeline(Readable.from([lines.join('')]), tx.query(copyStreams.from(copy)));
}
