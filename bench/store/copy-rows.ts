import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { EVENT_TYPE, type BenchEvent } from './consent-payload.js';

/** The columns the batch append writes; global_position and transaction_id take their defaults. */
export const COPY_COLUMNS = 'stream_id, shard_key, stream_position, event_id, event_type, schema_version, data, metadata, occurred_at, recorded_at, hash';

/** COPY text format: backslash, tab, newline and carriage return must be escaped in every field. */
export function copyTextField(value: string): string {
  if (!/[\\\t\n\r]/.test(value)) return value;
  return value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

/** One `event_store.events`-shaped row in COPY text format, as the batch append would write it. */
export function copyLine(event: BenchEvent, recordedAt: string): string {
  return (
    `${event.streamId}\t${event.shardKey}\t1\t${event.eventId}\t${EVENT_TYPE}\t1\t` +
    `${copyTextField(JSON.stringify(event.data))}\t${copyTextField(JSON.stringify(event.metadata))}\t` +
    `${event.occurredAt.toISOString()}\t${recordedAt}\t\\\\x${event.hash.toString('hex')}\n`
  );
}

/**
 * COPYs one chunk through pg-copy-streams. Rows are serialised while they stream, in slices of
 * 500, so the client's work overlaps the server's as a real bulk loader's would.
 */
export async function copyChunk(client: pg.PoolClient, table: string, events: BenchEvent[]): Promise<void> {
  const recordedAt = new Date().toISOString();
  function* lines(): Generator<string> {
    for (let start = 0; start < events.length; start += 500) {
      let text = '';
      const end = Math.min(events.length, start + 500);
      for (let i = start; i < end; i++) text += copyLine(events[i], recordedAt);
      yield text;
    }
  }
  const sink = client.query(copyStreams.from(`COPY ${table} (${COPY_COLUMNS}) FROM STDIN`));
  await pipeline(Readable.from(lines()), sink);
}
