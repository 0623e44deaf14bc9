import { availableParallelism } from 'node:os';
import type pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { InOrder, WorkerPool } from '@iys/platform/building-blocks';
import { inTransaction, type ConnectionSource } from '@iys/platform/database';
import { ChainChecker, chainWorkerSource, checkCopyBatch, Col, type CopyBatch, type Head, type TextRow, type VerificationReport } from './chain-check.js';
import { streamPrefixPattern } from './stream-id.js';

export type { BrokenLink, VerificationReport } from './chain-check.js';

/**
 * Every column as the text PostgreSQL prints, in this order (rows as arrays, no type parsing): the
 * timestamps in UTC with DateStyle ISO (`chainSession`), the jsonb as text, the hashes as `\x…` hex.
 */
const COLUMNS = `stream_id, stream_position, global_position, event_id, event_type, schema_version, data, metadata, occurred_at, recorded_at, hash`;

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
   * Walks the whole store in stream order from one snapshot, as one `COPY … TO STDOUT` (memory stays
   * flat: the socket is paused while the window of batches is full). The receiving thread only cuts
   * the copied text into batches of whole rows; the batches are checked on `workers` worker threads
   * (default: one per core; this thread only cuts), each batch opening with the previous
   * batch's last row so the chain carries across it, and their verdicts are taken in order: the
   * first broken link in stream order wins, as if one thread had checked every row (docs/adr/0068).
   * `workers: 0` checks the batches on this thread. `onProgress` receives the running count of
   * events checked (CLI progress bars).
   */
  async verifyAll({
    batchSize = 4096,
    workers = Math.min(8, availableParallelism()),
    onProgress,
  }: { batchSize?: number; workers?: number; onProgress?: (events: number) => void } = {}): Promise<VerificationReport> {
    const client = await this.pool.connect();
    const pool = workers > 0 ? new WorkerPool<CopyBatch, VerificationReport>(chainWorkerSource(), workers) : undefined;
    const total: VerificationReport = { ok: true, streamsChecked: 0, eventsChecked: 0 };
    const verdicts = new InOrder<VerificationReport>(2 * (pool?.size ?? 1), (batch) => {
      if (total.firstBroken) return; // a later batch's verdict no longer counts
      total.eventsChecked += batch.eventsChecked;
      total.streamsChecked += batch.streamsChecked;
      total.firstBroken = batch.firstBroken;
      total.ok = !batch.firstBroken;
      onProgress?.(total.eventsChecked);
    });
    const check = (batch: CopyBatch) => verdicts.push(pool ? pool.run(batch, [batch.bytes.buffer as ArrayBuffer]) : Promise.resolve(checkCopyBatch(batch)));
    let discard = false;
    try {
      await client.query(`BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; ${CHAIN_SESSION}`);
      const copy = client.query(
        copyStreams.to(`COPY (SELECT ${COLUMNS}, s.version AS head_version, s.last_hash AS head_hash
             FROM event_store.events e LEFT JOIN event_store.streams s USING (stream_id)
            ORDER BY stream_id, stream_position) TO STDOUT`),
      );
      const batches = new RowBatcher(batchSize);
      for await (const chunk of copy as AsyncIterable<Buffer>) {
        for (const batch of batches.add(chunk)) await check(batch);
        if (total.firstBroken) break;
      }
      if (total.firstBroken) {
        // Stop the copy: the connection, mid-COPY, is closed rather than returned (the snapshot ends with it).
        discard = true;
        copy.destroy();
        await verdicts.drain();
        return total;
      }
      await check(batches.end());
      await verdicts.drain();
      if (!total.firstBroken) {
        const checker = new ChainChecker();
        await this.checkStreamsWithoutEvents(client, checker);
        total.firstBroken = checker.broken;
        total.ok = !checker.broken;
      }
      await client.query('COMMIT');
      return total;
    } catch (error) {
      discard = true;
      throw error;
    } finally {
      await pool?.close();
      client.release(discard);
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

/** One stream's chain from its rows (in position order) and its head. */
function checkStream(streamId: string, rows: readonly TextRow[], head: Head | undefined): VerificationReport {
  const checker = new ChainChecker();
  for (const row of rows) checker.accept(row);
  if (rows.length === 0 && head) checker.markBroken({ streamId, streamPosition: 1, reason: 'position-gap' });
  checker.closeStream(head);
  return checker.report();
}

/**
 * Cuts a byte stream of newline-terminated rows into batches of `batchSize` whole rows, each batch
 * in its own buffer (to be transferred) and opening with the previous batch's last row.
 */
class RowBatcher {
  private parts: Buffer[] = [];
  private rows = 0;
  private previous?: Buffer;

  constructor(private readonly batchSize: number) {}

  *add(chunk: Buffer): Generator<CopyBatch> {
    let start = 0;
    for (let newline = chunk.indexOf(10); newline >= 0; newline = chunk.indexOf(10, newline + 1)) {
      this.rows += 1;
      if (this.rows === this.batchSize) {
        this.parts.push(chunk.subarray(start, newline + 1));
        start = newline + 1;
        yield this.cut(false);
      }
    }
    if (start < chunk.length) this.parts.push(chunk.subarray(start));
  }

  /** The rows left (possibly none), closing the last stream. */
  end(): CopyBatch {
    return this.cut(true);
  }

  private cut(final: boolean): CopyBatch {
    const previous = this.previous;
    const length = (previous?.length ?? 0) + this.parts.reduce((sum, part) => sum + part.length, 0);
    const bytes = new Uint8Array(length);
    let at = 0;
    for (const part of previous ? [previous, ...this.parts] : this.parts) {
      bytes.set(part, at);
      at += part.length;
    }
    if (this.rows > 0) {
      // The batch's last row opens the next batch (copied: this buffer is handed over).
      const lastRow = bytes.lastIndexOf(10, bytes.length - 2) + 1;
      this.previous = Buffer.from(bytes.subarray(lastRow));
    }
    this.parts = [];
    this.rows = 0;
    return { bytes, resume: previous !== undefined, final };
  }
}
