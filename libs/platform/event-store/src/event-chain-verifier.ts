import { hash } from 'node:crypto';
import type pg from 'pg';
import { inTransaction, type ConnectionSource } from '@iys/platform/database';
import { GENESIS_HASH } from './event-hash.js';
import { canonicalJsonOfText, isoFromUtcTimestampText } from './stored-event-text.js';
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

/**
 * Every column as the text PostgreSQL prints, in this order (rows as arrays, no type parsing): the
 * timestamps in UTC with DateStyle ISO (`chainSession`), the jsonb as text, the hashes as `\x…` hex.
 */
const COLUMNS = `stream_id, stream_position, global_position, event_id, event_type, schema_version, data, metadata, occurred_at, recorded_at, hash`;
const enum Col {
  StreamId,
  StreamPosition,
  GlobalPosition,
  EventId,
  EventType,
  SchemaVersion,
  Data,
  Metadata,
  OccurredAt,
  RecordedAt,
  Hash,
  HeadVersion,
  HeadHash,
}
type TextRow = (string | null)[];

/** The text of every value as sent: no Date, Buffer or number built per value (docs/adr/0065). */
const asText = (text: string) => text;
const TEXT_TYPES = { getTypeParser: () => asText } as unknown as pg.CustomTypesConfig;

/** Inside the read's transaction: the timestamps print as `isoFromUtcTimestampText` reads them. */
const CHAIN_SESSION = `SET LOCAL TimeZone = 'UTC'; SET LOCAL DateStyle = 'ISO, YMD'; SET LOCAL bytea_output = 'hex'`;

function textRows(client: pg.PoolClient, text: string, values?: unknown[]): Promise<TextRow[]> {
  return client.query<TextRow>({ text, values, rowMode: 'array', types: TEXT_TYPES }).then((result) => result.rows);
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
    const byStream = new Map<string, TextRow[]>([...heads.keys()].map((streamId) => [streamId, []]));
    for (const row of rows) {
      const streamId = row[Col.StreamId] as string;
      const stream = byStream.get(streamId);
      if (stream) stream.push(row);
      else byStream.set(streamId, [row]);
    }
    return new Map([...byStream].map(([streamId, streamRows]) => [streamId, checkStream(streamId, streamRows, heads.get(streamId))]));
  }

  /** Events and heads of the selected streams from one snapshot, so a concurrent append is not mistaken for tampering. */
  private readChains(where: string, value: string): Promise<{ rows: TextRow[]; heads: Map<string, Head> }> {
    return inTransaction(this.pool, async (tx) => {
      await tx.query(`SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY; ${CHAIN_SESSION}`);
      const rows = await textRows(tx, `SELECT ${COLUMNS} FROM event_store.events WHERE ${where} ORDER BY stream_id, stream_position`, [value]);
      const heads = await textRows(tx, `SELECT stream_id, version, last_hash FROM event_store.streams WHERE ${where}`, [value]);
      return { rows, heads: new Map(heads.map(([streamId, version, lastHash]) => [streamId as string, { version: Number(version), lastHash: lastHash as string }])) };
    });
  }

  /**
   * Walks the whole store in stream order with a server-side cursor, so memory stays flat. The next
   * batch is fetched while this one is checked, so PostgreSQL and Node work at the same time.
   * `onProgress` receives the running count of events checked (CLI progress bars).
   */
  async verifyAll({ batchSize = 20_000, onProgress }: { batchSize?: number; onProgress?: (events: number) => void } = {}): Promise<VerificationReport> {
    const client = await this.pool.connect();
    let pending: Promise<TextRow[]> | undefined;
    try {
      await client.query(`BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; ${CHAIN_SESSION}`);
      await client.query(
        `DECLARE event_chain NO SCROLL CURSOR FOR
           SELECT ${COLUMNS}, s.version AS head_version, s.last_hash AS head_hash
             FROM event_store.events e LEFT JOIN event_store.streams s USING (stream_id)
            ORDER BY stream_id, stream_position`,
      );
      const fetch = `FETCH ${batchSize} FROM event_chain`;
      const checker = new ChainChecker();
      pending = textRows(client, fetch);
      for (;;) {
        const rows = await pending;
        pending = undefined;
        if (rows.length === 0) break;
        // The next batch is on its way while this one is hashed (a short batch is the last one).
        if (rows.length === batchSize) pending = textRows(client, fetch);
        for (const row of rows) {
          // An event whose stream head was deleted still gets checked, and fails at the head.
          const headHash = row[Col.HeadHash];
          checker.accept(row, headHash === null ? undefined : { version: Number(row[Col.HeadVersion]), lastHash: headHash });
          if (checker.broken) break;
        }
        onProgress?.(checker.eventsChecked);
        if (checker.broken || !pending) break;
      }
      if (pending) await pending; // a FETCH in flight when a break was found
      checker.closeStream();
      if (!checker.broken) await this.checkStreamsWithoutEvents(client, checker);
      await client.query('COMMIT');
      return checker.report();
    } catch (error) {
      await pending?.catch(() => undefined);
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /** A stream head whose events were all deleted would otherwise go unnoticed. */
  private async checkStreamsWithoutEvents(client: pg.PoolClient, checker: ChainChecker): Promise<void> {
    const { rows } = await client.query<{ stream_id: string; version: string }>(
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
  /** `\x…` hex, as PostgreSQL prints bytea. */
  lastHash: string;
}

/** One stream's chain from its rows (in position order) and its head. */
function checkStream(streamId: string, rows: readonly TextRow[], head: Head | undefined): VerificationReport {
  const checker = new ChainChecker();
  for (const row of rows) checker.accept(row);
  if (rows.length === 0 && head) checker.markBroken({ streamId, streamPosition: 1, reason: 'position-gap' });
  checker.closeStream(head);
  return checker.report();
}

/** Where the hashed input is assembled: the previous hash (32 bytes) then the event's canonical bytes; grows as needed. */
class HashInput {
  private buffer = Buffer.allocUnsafe(64 * 1024);

  /** SHA-256(previous ‖ canonical), as lower-case hex; `previousHex` is the previous hash in hex. */
  digest(previousHex: string, canonical: string): string {
    const room = 32 + canonical.length * 3;
    if (room > this.buffer.length) this.buffer = Buffer.allocUnsafe(room * 2);
    this.buffer.write(previousHex, 0, 32, 'hex');
    const length = 32 + this.buffer.write(canonical, 32, 'utf8');
    return hash('sha256', this.buffer.subarray(0, length), 'hex');
  }
}

const GENESIS_HEX = GENESIS_HASH.toString('hex');

/**
 * The canonical event bytes (`canonicalEventBytes`: the envelope's keys in their sorted order, as
 * `splicedEventBytes` builds them) from a stored row's text; undefined when a timestamp cannot be
 * what the append hashed.
 */
function canonicalEventText(row: TextRow): string | undefined {
  const occurredAt = isoFromUtcTimestampText(row[Col.OccurredAt] as string);
  const recordedAt = isoFromUtcTimestampText(row[Col.RecordedAt] as string);
  if (occurredAt === undefined || recordedAt === undefined) return undefined;
  return (
    `{"data":${canonicalJsonOfText(row[Col.Data] as string)},"eventId":${JSON.stringify(row[Col.EventId])},` +
    `"metadata":${canonicalJsonOfText(row[Col.Metadata] as string)},"occurredAt":"${occurredAt}","recordedAt":"${recordedAt}",` +
    `"schemaVersion":${Number(row[Col.SchemaVersion])},"streamId":${JSON.stringify(row[Col.StreamId])},` +
    `"streamPosition":${Number(row[Col.StreamPosition])},"type":${JSON.stringify(row[Col.EventType])}}`
  );
}

/** Incremental chain check over rows arriving in (stream_id, stream_position) order. */
class ChainChecker {
  broken?: BrokenLink;
  eventsChecked = 0;
  private streamsChecked = 0;
  private currentStream?: string;
  private currentHead?: Head;
  private expectedPosition = 1;
  /** Lower-case hex, as `\x…` bytea text reads after its prefix. */
  private previousHash = GENESIS_HEX;
  private readonly input = new HashInput();

  accept(row: TextRow, head?: Head): void {
    if (this.broken) return;
    const streamId = row[Col.StreamId] as string;
    if (streamId !== this.currentStream) {
      if (this.currentStream !== undefined) this.closeStream();
      if (this.broken) return;
      this.currentStream = streamId;
      this.currentHead = head;
      this.expectedPosition = 1;
      this.previousHash = GENESIS_HEX;
      this.streamsChecked += 1;
    }
    const position = Number(row[Col.StreamPosition]);
    if (position !== this.expectedPosition) {
      this.markBroken({ streamId, streamPosition: this.expectedPosition, globalPosition: BigInt(row[Col.GlobalPosition] as string), reason: 'position-gap' });
      return;
    }
    const canonical = canonicalEventText(row);
    const hash = canonical === undefined ? undefined : this.input.digest(this.previousHash, canonical);
    if (hash === undefined || !sameHash(row[Col.Hash] as string, hash)) {
      this.markBroken({ streamId, streamPosition: position, globalPosition: BigInt(row[Col.GlobalPosition] as string), reason: 'hash-mismatch' });
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
    if (!head || head.version !== lastPosition || !sameHash(head.lastHash, this.previousHash)) {
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

/** A bytea as PostgreSQL prints it (`\x` and lower-case hex) against a digest in lower-case hex. */
function sameHash(byteaText: string, hex: string): boolean {
  return byteaText.length === hex.length + 2 && byteaText.endsWith(hex) && byteaText.startsWith('\\x');
}
