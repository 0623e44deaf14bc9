import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { canonicalJson, FixedClock } from '@iys/platform/building-blocks';
import { createTestDatabase, statementsOnThePath, type TestDatabase } from '@iys/platform/testing';
import { canonicalEventBytes, chainHash, GENESIS_HASH } from './event-hash.js';
import { EventChainVerifier } from './event-chain-verifier.js';
import { ConcurrencyError } from './event-store.errors.js';
import { eventStoreMigrations } from './index.js';
import { PostgresEventStore } from './postgres-event-store.js';
import type { AppendRequest, NewEvent } from './event-store.types.js';

/** Every character COPY's text format or JSON must escape, and some that must survive as they are. */
const awkward = (n: number): NewEvent => ({
  type: 'test.ThingHappened',
  data: { n, text: 'tab\there\nnew line\r "quoted" \\ back\\slash \\N ünï 🙂', nested: { z: [n, null, true], a: '\\t' } },
  metadata: { actorKind: 'system', note: 'a\tb' },
});
const newStream = () => `thing-${randomUUID()}`;

/**
 * A batch of many events writes them with COPY inside its transaction (docs/adr/0064): the rows mean
 * what the one statement's rows mean — same chain, same positions in the global log, same
 * idempotency and concurrency — so old and new rows verify and read alike.
 */
describe('the batch append through COPY', () => {
  let db: TestDatabase;
  let copying: PostgresEventStore;
  let statement: PostgresEventStore;
  const clock = new FixedClock(new Date('2026-11-23T09:30:00.123Z'));

  beforeAll(async () => {
    db = await createTestDatabase(eventStoreMigrations, 8);
    copying = new PostgresEventStore({ pool: db.pool, clock, copyEventsFrom: 2 });
    statement = new PostgresEventStore({ pool: db.pool, clock, copyEventsFrom: Infinity });
  });
  afterAll(() => db.drop());

  /** What the chain must be, computed from the reference canonical form, not from the store's splice. */
  function expectedHashes(streamId: string, events: { eventId: string; data: unknown; metadata: unknown; occurredAt: Date; recordedAt: Date }[], from: Buffer = GENESIS_HASH, firstPosition = 1): Buffer[] {
    let hash: Buffer = from;
    return events.map((event, i) => {
      hash = chainHash(hash, canonicalEventBytes({ streamId, streamPosition: firstPosition + i, type: 'test.ThingHappened', schemaVersion: 1, ...event } as Parameters<typeof canonicalEventBytes>[0]));
      return hash;
    });
  }

  it('stores every byte of awkward payloads, chains them as the reference form says, and places them in the global log', async () => {
    const streams = [newStream(), newStream(), newStream()];
    const requests: AppendRequest[] = streams.map((streamId, s) => ({ streamId, expectedVersion: 'no_stream', commandId: randomUUID(), events: [awkward(s), awkward(s + 10)] }));
    const results = await copying.appendBatch(requests);

    for (const [s, streamId] of streams.entries()) {
      const events = await copying.readStream(streamId);
      expect(events.map((e) => canonicalJson(e.data))).toEqual([canonicalJson(awkward(s).data), canonicalJson(awkward(s + 10).data)]);
      expect(events.map((e) => canonicalJson(e.metadata))).toEqual([canonicalJson(awkward(s).metadata), canonicalJson(awkward(s + 10).metadata)]);
      expect(events.map((e) => e.hash.toString('hex'))).toEqual(expectedHashes(streamId, events).map((h) => h.toString('hex')));
      // What the append reported is where the rows are.
      expect(results[s].eventIds).toEqual(events.map((e) => e.eventId));
      expect(results[s].globalPositions).toEqual(events.map((e) => e.globalPosition));
      expect(results[s].nextExpectedVersion).toBe(2);
    }
    // All in one transaction, in the log's commit order (read directly: readAll also waits for the
    // cluster's xmin horizon, which transactions of other databases hold back).
    const { rows } = await db.pool.query<{ global_position: string; transaction_id: string }>(
      `SELECT global_position, transaction_id::text AS transaction_id FROM event_store.events
        WHERE stream_id = ANY($1::text[]) ORDER BY transaction_id, global_position`,
      [streams],
    );
    expect(new Set(rows.map((row) => row.transaction_id)).size).toBe(1);
    expect(rows.map((row) => BigInt(row.global_position))).toEqual([...results.flatMap((r) => r.globalPositions)].sort((a, b) => (a < b ? -1 : 1)));
    expect((await new EventChainVerifier(db.pool).verifyAll()).ok).toBe(true);
  });

  it('chains rows of either path onto the other, and the verifier accepts both and still finds an edit', async () => {
    const streamId = newStream();
    const first = await statement.appendBatch([{ streamId, expectedVersion: 'no_stream', events: [awkward(1)] }]);
    const second = await copying.appendBatch([{ streamId, expectedVersion: first[0].nextExpectedVersion, events: [awkward(2), awkward(3)] }]);
    await statement.appendBatch([{ streamId, expectedVersion: second[0].nextExpectedVersion, events: [awkward(4)] }]);
    const events = await copying.readStream(streamId);
    expect(events.map((e) => e.data.n)).toEqual([1, 2, 3, 4]);
    expect(events.map((e) => e.hash.toString('hex'))).toEqual(expectedHashes(streamId, events).map((h) => h.toString('hex')));
    const verifier = new EventChainVerifier(db.pool);
    expect((await verifier.verifyStream(streamId)).ok).toBe(true);
    expect((await verifier.verifyAll()).ok).toBe(true);

    await db.pool.query('ALTER TABLE event_store.events DISABLE TRIGGER events_append_only');
    try {
      await db.pool.query(`UPDATE event_store.events SET data = jsonb_set(data, '{text}', '"edited"') WHERE stream_id = $1 AND stream_position = 2`, [streamId]);
      expect((await verifier.verifyStream(streamId)).firstBroken).toMatchObject({ streamPosition: 2, reason: 'hash-mismatch' });
      await db.pool.query(`UPDATE event_store.events SET data = $2::jsonb WHERE stream_id = $1 AND stream_position = 2`, [streamId, JSON.stringify(awkward(2).data)]);
    } finally {
      await db.pool.query('ALTER TABLE event_store.events ENABLE TRIGGER events_append_only');
    }
    expect((await verifier.verifyStream(streamId)).ok).toBe(true);
  });

  it('replays a command of a copied batch with its first outcome and writes nothing new', async () => {
    const commandId = randomUUID();
    const request: AppendRequest = { streamId: newStream(), expectedVersion: 'no_stream', commandId, events: [awkward(1), awkward(2)] };
    const [first] = await copying.appendBatch([request]);
    const [again] = await copying.appendBatch([{ ...request, events: [awkward(3), awkward(4)] }]);
    expect(again).toMatchObject({ duplicate: true, eventIds: first.eventIds, globalPositions: first.globalPositions, nextExpectedVersion: 2 });
    expect(await copying.streamVersion(request.streamId)).toBe(2);
  });

  it('writes nothing of a copied batch when one stream is not where it was expected, and names that stream', async () => {
    const existing = newStream();
    await copying.appendBatch([{ streamId: existing, expectedVersion: 'no_stream', events: [awkward(1), awkward(2)] }]);
    const fresh = newStream();
    const attempt = copying.appendBatch([
      { streamId: fresh, expectedVersion: 'no_stream', events: [awkward(1), awkward(2)] },
      // Not read first: the COPY is in before the statement finds the head exists, and all is rolled back.
      { streamId: existing, expectedVersion: 'no_stream', events: [awkward(3)] },
    ]);
    await expect(attempt).rejects.toBeInstanceOf(ConcurrencyError);
    await expect(attempt).rejects.toMatchObject({ conflicts: [{ streamId: existing, expected: 'no_stream', actual: 2 }] });
    expect(await copying.streamVersion(fresh)).toBe(0);
    expect(await copying.readStream(fresh)).toEqual([]);
    expect(await copying.streamVersion(existing)).toBe(2);
  });

  it('lets exactly one of concurrent copied batches creating the same stream win', async () => {
    const contested = newStream();
    const outcomes = await Promise.allSettled(
      [1, 2, 3, 4].map(() => copying.appendBatch([{ streamId: contested, expectedVersion: 'no_stream', events: [awkward(1), awkward(2)] }, { streamId: newStream(), expectedVersion: 'no_stream', events: [awkward(3)] }])),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    expect(outcomes.filter((o) => o.status === 'rejected').every((o) => (o as PromiseRejectedResult).reason instanceof ConcurrencyError)).toBe(true);
    expect((await copying.readStream(contested)).map((e) => e.streamPosition)).toEqual([1, 2]);
  });

  it('copies a batch from 64 events on by default, in six round trips, and leaves a smaller one to the one statement', async () => {
    const byDefault = new PostgresEventStore({ pool: db.pool });
    const batch = (events: number): AppendRequest[] => Array.from({ length: events }, (_, i) => ({ streamId: newStream(), expectedVersion: 'no_stream', commandId: randomUUID(), events: [awkward(i)] }));
    const copied = await statementsOnThePath(() => byDefault.appendBatch(batch(64)), 30);
    expect(copied).toEqual([
      'BEGIN',
      'COPY event_store.events (strea',
      'COPY event_store.streams (stre',
      'COPY event_store.processed_com',
      expect.stringMatching(/^WITH heads AS/),
      'COMMIT',
    ]);
    expect(await statementsOnThePath(() => byDefault.appendBatch(batch(63)), 30)).toEqual([expect.stringMatching(/^WITH heads AS/)]);
    expect((await new EventChainVerifier(db.pool).verifyAll()).ok).toBe(true);
  });
});
