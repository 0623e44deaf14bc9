import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@iys/platform/testing';
import { EventChainVerifier } from './event-chain-verifier.js';
import { eventStoreMigrations } from './index.js';
import { PostgresEventStore } from './postgres-event-store.js';

/**
 * verifyAll cuts the copied rows into batches and checks them on worker threads (docs/adr/0068): a
 * tamper with any event — first or last of a batch, first or last of a stream, in a batch a worker
 * checks or on the calling thread — must be found at that event, with the counts a single pass gives.
 */
describe('EventChainVerifier.verifyAll in batches on worker threads', () => {
  let db: TestDatabase;
  let verifier: EventChainVerifier;
  /** Every event in the verifier's order: [stream, position]. */
  let order: [string, number][];
  const asSuperuser = (sql: string) => db.adminQuery(`BEGIN; SET LOCAL session_replication_role = replica; ${sql}; COMMIT;`);

  beforeAll(async () => {
    db = await createTestDatabase(eventStoreMigrations, 4);
    const store = new PostgresEventStore({ pool: db.pool });
    // Streams of 1 to 4 events; payloads with text that COPY escapes (tab, newline, backslash) and any JSON.
    const payloads = fc.sample(fc.jsonValue().filter((value) => !JSON.stringify(value).includes('\\u0000')), { numRuns: 10, seed: 68 });
    const streams = [1, 4, 2, 3].map((length) => ({ streamId: `consent-${randomUUID()}`, length }));
    await store.appendBatch(
      streams.map(({ streamId, length }, s) => ({
        streamId,
        expectedVersion: 'no_stream' as const,
        events: Array.from({ length }, (_, i) => ({
          type: 'test.ThingHappened',
          data: { n: i, value: payloads[(s * 4 + i) % payloads.length], text: 'tab\there\nline "q" back\\slash é 𝒳' },
          metadata: { actorKind: 'system' as const },
        })),
      })),
    );
    order = streams
      .map(({ streamId, length }) => Array.from({ length }, (_, i) => [streamId, i + 1] as [string, number]))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .flat();
    verifier = new EventChainVerifier(db.pool);
  });
  afterAll(() => db.drop());

  const settings = [1, 2, 3, 4].flatMap((batchSize) => [0, 2].map((workers) => ({ batchSize, workers })));

  it('accepts the untouched store however it is cut, every event counted once', async () => {
    for (const setting of settings) {
      const progress: number[] = [];
      expect(await verifier.verifyAll({ ...setting, onProgress: (n) => progress.push(n) })).toEqual({ ok: true, streamsChecked: 4, eventsChecked: 10 });
      expect(progress.at(-1)).toBe(10);
    }
  });

  it('finds an edit of any event at that event, whatever batch it falls in', async () => {
    for (const [index, [streamId, position]] of order.entries()) {
      await asSuperuser(`UPDATE event_store.events SET metadata = metadata || '{"x": 1}' WHERE stream_id = '${streamId}' AND stream_position = ${position}`);
      const streamsBefore = new Set(order.slice(0, index).map(([id]) => id));
      for (const setting of settings) {
        const report = await verifier.verifyAll(setting);
        expect({ setting, report }).toEqual({
          setting,
          report: {
            ok: false,
            eventsChecked: index,
            streamsChecked: streamsBefore.size + (streamsBefore.has(streamId) ? 0 : 1),
            firstBroken: expect.objectContaining({ streamId, streamPosition: position, reason: 'hash-mismatch' }),
          },
        });
      }
      await asSuperuser(`UPDATE event_store.events SET metadata = metadata - 'x' WHERE stream_id = '${streamId}' AND stream_position = ${position}`);
    }
    expect((await verifier.verifyAll()).ok).toBe(true);
  });

  it("finds a removed tail at its stream's head, also when the tail ended a batch", async () => {
    const [streamId] = order.find(([, position]) => position === 4) as [string, number]; // the 4-event stream
    const length = 4;
    const before = order.findIndex(([id]) => id === streamId);
    await asSuperuser(`DELETE FROM event_store.events WHERE stream_id = '${streamId}' AND stream_position = ${length}`);
    for (const setting of settings) {
      expect({ setting, report: await verifier.verifyAll(setting) }).toEqual({
        setting,
        report: { ok: false, eventsChecked: before + length - 1, streamsChecked: new Set(order.slice(0, before + 1).map(([id]) => id)).size, firstBroken: { streamId, streamPosition: length, reason: 'head-mismatch' } },
      });
    }
  });
});
