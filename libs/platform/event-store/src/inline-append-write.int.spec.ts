import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { createTestDatabase, statementsOnThePath, type TestDatabase } from '@iys/platform/testing';
import { ConcurrencyError } from './event-store.errors.js';
import { eventStoreMigrations } from './index.js';
import { PostgresEventStore } from './postgres-event-store.js';
import type { ProjectionDefinition } from './projections/projection.types.js';
import type { NewEvent, RecordedEvent } from './event-store.types.js';

const counted = (n: number): NewEvent => ({ type: 'tally.Counted', data: { n } });
const reset = (): NewEvent => ({ type: 'tally.Reset', data: {} });

/** Each stream's last count and position (one statement may not touch a row twice): `Counted` in the append's statement, `Reset` only through `handle`. */
const rowsOf = (events: RecordedEvent[]) => JSON.stringify([...new Map(events.map((e) => [e.streamId, { s: e.streamId, n: e.data.n, p: e.streamPosition }])).values()]);
const upsert = (param: string) =>
  `INSERT INTO tally (stream_id, n, position) SELECT s, n, p FROM json_to_recordset(${param}) AS r(s text, n int, p int)
   ON CONFLICT (stream_id) DO UPDATE SET n = EXCLUDED.n, position = EXCLUDED.position WHERE tally.position < EXCLUDED.position`;
const tally: ProjectionDefinition = {
  name: 'tally',
  version: 1,
  inline: true,
  categories: ['tally'],
  eventTypes: ['tally.Counted', 'tally.Reset'],
  async handle(events, tx) {
    const counts = events.filter((e) => e.type === 'tally.Counted');
    if (counts.length > 0) await tx.query(upsert('$1::json'), [rowsOf(counts)]);
    for (const e of events.filter((e) => e.type === 'tally.Reset')) await tx.query('DELETE FROM tally WHERE stream_id = $1', [e.streamId]);
  },
  async reset(tx) {
    await tx.query('TRUNCATE tally');
  },
  appendWrite: { eventTypes: ['tally.Counted'], sql: upsert, rows: rowsOf },
};

/**
 * An inline projection's write carried by the append's own statement (docs/adr/0063): the append
 * stays one round trip without a transaction, the write commits or fails with the events, and
 * events the statement cannot carry still go through `handle` in a transaction.
 */
describe('an inline projection written within the append statement', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  const countOf = async (streamId: string) => (await db.pool.query<{ n: number }>('SELECT n FROM tally WHERE stream_id = $1', [streamId])).rows[0]?.n;

  beforeAll(async () => {
    db = await createTestDatabase(eventStoreMigrations, 4);
    await db.pool.query('CREATE TABLE tally (stream_id text PRIMARY KEY, n int NOT NULL, position int NOT NULL)');
    store = new PostgresEventStore({ pool: db.pool, inlineProjections: [tally] });
  });
  afterAll(() => db.drop());

  it('writes a new stream and its projection row in one statement, and a hinted append to it in one too', async () => {
    const streamId = `tally-${randomUUID()}`;
    const first = await statementsOnThePath(() => store.append({ streamId, expectedVersion: 'no_stream', events: [counted(1)] }));
    expect(first).toHaveLength(1);
    expect(await countOf(streamId)).toBe(1);
    const [head] = await store.readStream(streamId);
    expect(await statementsOnThePath(() => store.append({ streamId, expectedVersion: 1, previousHash: head.hash, events: [counted(2), counted(3)] }))).toHaveLength(1);
    expect(await countOf(streamId)).toBe(3);
  });

  it('leaves the projection untouched when the append loses its race', async () => {
    const streamId = `tally-${randomUUID()}`;
    await store.append({ streamId, expectedVersion: 'no_stream', events: [counted(1)] });
    const [head] = await store.readStream(streamId);
    await store.append({ streamId, expectedVersion: 1, previousHash: head.hash, events: [counted(2)] });
    const stale = await store.append({ streamId, expectedVersion: 1, previousHash: head.hash, events: [counted(9)] }).catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(ConcurrencyError);
    expect(await countOf(streamId)).toBe(2);
  });

  it('runs handle in a transaction for an event the statement cannot carry', async () => {
    const streamId = `tally-${randomUUID()}`;
    await store.append({ streamId, expectedVersion: 'no_stream', events: [counted(1)] });
    const [head] = await store.readStream(streamId);
    const statements = await statementsOnThePath(() => store.append({ streamId, expectedVersion: 1, previousHash: head.hash, events: [counted(2), reset()] }));
    expect(statements[0]).toBe('BEGIN');
    expect(statements.at(-1)).toBe('COMMIT');
    expect(await countOf(streamId)).toBeUndefined();
  });

  it('writes what handle writes when the log is replayed', async () => {
    const streamId = `tally-${randomUUID()}`;
    await store.append({ streamId, expectedVersion: 'no_stream', events: [counted(4), counted(5)] });
    const inline = await countOf(streamId);
    await db.pool.query('DELETE FROM tally WHERE stream_id = $1', [streamId]);
    await tally.handle(await store.readStream(streamId), db.pool);
    expect(await countOf(streamId)).toBe(inline);
    expect(inline).toBe(5);
  });
});
