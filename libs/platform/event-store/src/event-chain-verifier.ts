import type pg from 'pg';
import { inTransaction, type ConnectionSource, type SqlExecutor } from '@iys/platform/database';
import { canonicalEventBytes, chainHash, GENESIS_HASH } from './event-hash.js';
import type { EventMetadata, JsonObject } from './event-store.types.js';
import { streamPrefixPattern } from './stream-id.js';

export interface BrokenLink {
  streamId: string;
  /** Position where the chain first fails (for a missing tail: the stream's recorded version). */
  streamPosition: number;
  globalPosition?: bigint;
  reason: 'hash-mismatch' | 'position-gap' | 'head-mismatch';
}

export interface VerificationReport {
  ok: boolean;
  streamsChecked: number;
  eventsChecked: number;
  /** The first broken link in stream-id order, if any. */
  firstBroken?: BrokenLink;
}

// Timestamps as the exact ISO strings the hash was made from (ms precision, UTC).
const RAW_COLUMNS = `stream_id, stream_position, global_position, event_id::text AS event_id, event_type, schema_version,
  data::text AS data, metadata::text AS metadata,
  to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS occurred_at,
  to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS recorded_at, hash`;

interface RawEventRow {
  stream_id: string;
  stream_position: string;
  global_position: string;
  event_id: string;
  event_type: string;
  schema_version: number;
  data: string;
  metadata: string;
  occurred_at: string;
  recorded_at: string;
  hash: Buffer;
}

/**
 * Recomputes every stream's hash chain from the stored rows (not upcast: the chain covers what was
 * written) and compares it with each row and with the stream head, so an edited, removed or
 * inserted event is found even when made by a superuser who bypassed the append-only trigger.
 */
export class EventChainVerifier {
  /** Any source of connections: the API gives its routed reads (the primary except on the audit-history route, ADR 0047). */
  constructor(private readonly pool: ConnectionSource) {}

  async verifyStream(streamId: string): Promise<VerificationReport> {
    const { rows, heads } = await this.readChains('stream_id = $1', streamId);
    return checkStream(streamId, rows, heads.get(streamId));
  }

  /**
   * Every stream whose id starts with `prefix` (e.g. all consents of one recipient), checked from one
   * snapshot in two statements: an auditor's history verifies its streams without a round trip each.
   */
  async verifyStreamsByPrefix(prefix: string): Promise<Map<string, VerificationReport>> {
    const { rows, heads } = await this.readChains('stream_id LIKE $1', streamPrefixPattern(prefix));
    const byStream = new Map<string, RawEventRow[]>([...heads.keys()].map((streamId) => [streamId, []]));
    for (const row of rows) {
      const stream = byStream.get(row.stream_id);
      if (stream) stream.push(row);
      else byStream.set(row.stream_id, [row]);
    }
    return new Map([...byStream].map(([streamId, streamRows]) => [streamId, checkStream(streamId, streamRows, heads.get(streamId))]));
  }

  /** Events and heads of the selected streams from one snapshot, so a concurrent append is not mistaken for tampering. */
  private readChains(where: string, value: string): Promise<{ rows: RawEventRow[]; heads: Map<string, Head> }> {
    return inTransaction(this.pool, async (tx) => {
      await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const events = await tx.query<RawEventRow>(`SELECT ${RAW_COLUMNS} FROM event_store.events WHERE ${where} ORDER BY stream_id, stream_position`, [value]);
      const heads = await tx.query<{ stream_id: string; version: string; last_hash: Buffer }>(
        `SELECT stream_id, version, last_hash FROM event_store.streams WHERE ${where}`,
        [value],
      );
      return { rows: events.rows, heads: new Map(heads.rows.map((head) => [head.stream_id, { version: Number(head.version), lastHash: head.last_hash }])) };
    });
  }

  /**
   * Walks the whole store in stream order with a server-side cursor, so memory stays flat.
   * `onProgress` receives the running count of events checked (CLI progress bars).
   */
  async verifyAll({ batchSize = 20_000, onProgress }: { batchSize?: number; onProgress?: (events: number) => void } = {}): Promise<VerificationReport> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      await client.query(
        `DECLARE event_chain CURSOR FOR
           SELECT ${RAW_COLUMNS}, s.version AS head_version, s.last_hash AS head_hash
             FROM event_store.events e LEFT JOIN event_store.streams s USING (stream_id)
            ORDER BY stream_id, stream_position`,
      );
      const checker = new ChainChecker();
      for (;;) {
        const { rows } = await client.query<RawEventRow & { head_version: string | null; head_hash: Buffer | null }>(`FETCH ${batchSize} FROM event_chain`);
        if (rows.length === 0) break;
        for (const row of rows) {
          // An event whose stream head was deleted still gets checked, and fails at the head.
          checker.accept(row, row.head_hash ? { version: Number(row.head_version), lastHash: row.head_hash } : undefined);
        }
        onProgress?.(checker.eventsChecked);
        if (checker.broken) break;
      }
      checker.closeStream();
      if (!checker.broken) await this.checkStreamsWithoutEvents(client, checker);
      await client.query('COMMIT');
      return checker.report();
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /** A stream head whose events were all deleted would otherwise go unnoticed. */
  private async checkStreamsWithoutEvents(executor: SqlExecutor, checker: ChainChecker): Promise<void> {
    const { rows } = await executor.query<{ stream_id: string; version: string }>(
      `SELECT s.stream_id, s.version FROM event_store.streams s
        WHERE NOT EXISTS (SELECT 1 FROM event_store.events e WHERE e.stream_id = s.stream_id)
        ORDER BY s.stream_id LIMIT 1`,
    );
    if (rows.length > 0) {
      checker.markBroken({ streamId: rows[0].stream_id, streamPosition: 1, reason: 'position-gap' });
    }
  }
}

interface Head {
  version: number;
  lastHash: Buffer;
}

/** One stream's chain from its rows (in position order) and its head. */
function checkStream(streamId: string, rows: readonly RawEventRow[], head: Head | undefined): VerificationReport {
  const checker = new ChainChecker();
  for (const row of rows) checker.accept(row);
  if (rows.length === 0 && head) checker.markBroken({ streamId, streamPosition: 1, reason: 'position-gap' });
  checker.closeStream(head);
  return checker.report();
}

/** Incremental chain check over rows arriving in (stream_id, stream_position) order. */
class ChainChecker {
  broken?: BrokenLink;
  eventsChecked = 0;
  private streamsChecked = 0;
  private currentStream?: string;
  private currentHead?: Head;
  private expectedPosition = 1;
  private previousHash: Buffer = GENESIS_HASH;

  accept(row: RawEventRow, head?: Head): void {
    if (this.broken) return;
    if (row.stream_id !== this.currentStream) {
      if (this.currentStream !== undefined) this.closeStream();
      if (this.broken) return;
      this.currentStream = row.stream_id;
      this.currentHead = head;
      this.expectedPosition = 1;
      this.previousHash = GENESIS_HASH;
      this.streamsChecked += 1;
    }
    const position = Number(row.stream_position);
    const globalPosition = BigInt(row.global_position);
    if (position !== this.expectedPosition) {
      this.markBroken({ streamId: row.stream_id, streamPosition: this.expectedPosition, globalPosition, reason: 'position-gap' });
      return;
    }
    const bytes = canonicalEventBytes({
      streamId: row.stream_id,
      streamPosition: position,
      eventId: row.event_id,
      type: row.event_type,
      schemaVersion: row.schema_version,
      data: JSON.parse(row.data) as JsonObject,
      metadata: JSON.parse(row.metadata) as EventMetadata,
      occurredAt: new Date(row.occurred_at),
      recordedAt: new Date(row.recorded_at),
    });
    const hash = chainHash(this.previousHash, bytes);
    if (!hash.equals(row.hash)) {
      this.markBroken({ streamId: row.stream_id, streamPosition: position, globalPosition, reason: 'hash-mismatch' });
      return;
    }
    this.previousHash = hash;
    this.expectedPosition += 1;
    this.eventsChecked += 1;
  }

  /** Ends the current stream: its head must point at the last verified event. */
  closeStream(head: Head | undefined = this.currentHead): void {
    if (this.broken || (this.currentStream === undefined && head === undefined)) return;
    const streamId = this.currentStream ?? '';
    const lastPosition = this.expectedPosition - 1;
    if (!head || head.version !== lastPosition || !head.lastHash.equals(this.previousHash)) {
      this.markBroken({ streamId, streamPosition: head ? head.version : lastPosition, reason: 'head-mismatch' });
    }
    this.currentStream = undefined;
    this.currentHead = undefined;
  }

  markBroken(link: BrokenLink): void {
    this.broken ??= link;
  }

  report(): VerificationReport {
    return { ok: !this.broken, streamsChecked: this.streamsChecked, eventsChecked: this.eventsChecked, firstBroken: this.broken };
  }
}
