import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { FixedClock } from '@iys/platform/building-blocks';
import { createTestDatabase, type TestDatabase } from '@iys/platform/testing';
import { ConcurrencyError, InvalidAppendError } from './event-store.errors.js';
import { eventStoreMigrations } from './index.js';
import { PostgresEventStore } from './postgres-event-store.js';
import { UpcasterRegistry } from './upcaster-registry.js';
import type { NewEvent } from './event-store.types.js';

const happened = (n: number, extra: Record<string, string> = {}): NewEvent => ({ type: 'test.ThingHappened', data: { n, ...extra } });
const newStream = (category = 'thing') => `${category}-${randomUUID()}`;

describe('PostgresEventStore', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;

  beforeAll(async () => {
    db = await createTestDatabase(eventStoreMigrations, 24);
    store = new PostgresEventStore({ pool: db.pool });
  });
  afterAll(() => db.drop());

  it('appends and reads a stream back in order with positions, hashes and both timestamps', async () => {
    const clock = new FixedClock(new Date('2026-11-23T09:30:00.123Z'));
    const clocked = new PostgresEventStore({ pool: db.pool, clock });
    const id = newStream();
    const occurredAt = new Date('2026-11-20T08:00:00.000Z');
    const result = await clocked.append({ streamId: id, expectedVersion: 'no_stream', events: [{ ...happened(1), occurredAt }, happened(2)] });
    expect(result.nextExpectedVersion).toBe(2);
    expect(result.duplicate).toBe(false);
    const events = await clocked.readStream(id);
    expect(events.map((e) => [e.streamPosition, e.data.n])).toEqual([[1, 1], [2, 2]]);
    expect(events[0].occurredAt.toISOString()).toBe(occurredAt.toISOString());
    expect(events[1].occurredAt.toISOString()).toBe('2026-11-23T09:30:00.123Z');
    expect(events.every((e) => e.recordedAt.toISOString() === '2026-11-23T09:30:00.123Z')).toBe(true);
    expect(events[0].globalPosition < events[1].globalPosition).toBe(true);
    expect(events[0].hash.equals(events[1].hash)).toBe(false);
    expect(await clocked.streamVersion(id)).toBe(2);
  });

  it('reads the chain hashes of given events by id, leaving out ids it does not hold', async () => {
    const first = newStream();
    const second = newStream();
    await store.append({ streamId: first, expectedVersion: 'no_stream', events: [happened(1), happened(2)] });
    await store.append({ streamId: second, expectedVersion: 'no_stream', events: [happened(3)] });
    const events = [...(await store.readStream(first)), ...(await store.readStream(second))];
    const unknown = randomUUID();
    const hashes = await store.chainHashesOf([events[2].eventId, unknown, events[0].eventId]);
    expect([...hashes.keys()].sort()).toEqual([events[0].eventId, events[2].eventId].sort());
    expect(hashes.get(events[0].eventId)!.equals(events[0].hash)).toBe(true);
    expect(hashes.get(events[2].eventId)!.equals(events[2].hash)).toBe(true);
    expect((await store.chainHashesOf([])).size).toBe(0);
  });

  it('enforces every kind of expected version with a typed error', async () => {
    const id = newStream();
    await expect(store.append({ streamId: id, expectedVersion: 'exists', events: [happened(1)] })).rejects.toBeInstanceOf(ConcurrencyError);
    await expect(store.append({ streamId: id, expectedVersion: 3, events: [happened(1)] })).rejects.toBeInstanceOf(ConcurrencyError);
    await store.append({ streamId: id, expectedVersion: 0, events: [happened(1)] });
    await expect(store.append({ streamId: id, expectedVersion: 'no_stream', events: [happened(2)] })).rejects.toBeInstanceOf(ConcurrencyError);
    await expect(store.append({ streamId: id, expectedVersion: 0, events: [happened(2)] })).rejects.toBeInstanceOf(ConcurrencyError);
    await store.append({ streamId: id, expectedVersion: 'exists', events: [happened(2)] });
    await store.append({ streamId: id, expectedVersion: 2, events: [happened(3)] });
    await store.append({ streamId: id, expectedVersion: 'any', events: [happened(4)] });
    const conflict = await store.append({ streamId: id, expectedVersion: 2, events: [happened(5)] }).catch((e: unknown) => e);
    expect(conflict).toBeInstanceOf(ConcurrencyError);
    expect((conflict as ConcurrencyError).conflicts).toEqual([{ streamId: id, expected: 2, actual: 4 }]);
    expect((await store.readStream(id)).map((e) => e.data.n)).toEqual([1, 2, 3, 4]);
  });

  it('lets exactly one of N concurrent appends with the same expected version win', async () => {
    const id = newStream();
    await store.append({ streamId: id, expectedVersion: 'no_stream', events: [happened(0)] });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 16 }, (_, i) => store.append({ streamId: id, expectedVersion: 1, events: [happened(i + 1)] })),
    );
    const winners = outcomes.filter((o) => o.status === 'fulfilled');
    const losers = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(winners).toHaveLength(1);
    expect(losers.every((o) => o.reason instanceof ConcurrencyError)).toBe(true);
    expect(await store.readStream(id)).toHaveLength(2);
  });

  it('lets exactly one of N concurrent creations of the same stream win', async () => {
    const id = newStream();
    const outcomes = await Promise.allSettled(
      Array.from({ length: 16 }, (_, i) => store.append({ streamId: id, expectedVersion: 'no_stream', events: [happened(i)] })),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    expect(outcomes.filter((o) => o.status === 'rejected').every((o) => (o as PromiseRejectedResult).reason instanceof ConcurrencyError)).toBe(true);
    expect(await store.readStream(id)).toHaveLength(1);
  });

  it('returns the first outcome for a repeated command id and writes nothing new', async () => {
    const id = newStream();
    const commandId = randomUUID();
    const first = await store.append({ streamId: id, expectedVersion: 'no_stream', commandId, events: [happened(1)] });
    const again = await store.append({ streamId: id, expectedVersion: 'no_stream', commandId, events: [happened(1)] });
    expect(again).toEqual({ ...first, duplicate: true });
    expect(await store.readStream(id)).toHaveLength(1);
  });

  it('applies a command once when its retries race each other', async () => {
    const id = newStream();
    await store.append({ streamId: id, expectedVersion: 'no_stream', events: [happened(0)] });
    const commandId = randomUUID();
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, () => store.append({ streamId: id, expectedVersion: 'any', commandId, events: [happened(1)] })),
    );
    expect(outcomes.filter((o) => !o.duplicate)).toHaveLength(1);
    expect(new Set(outcomes.map((o) => o.eventIds[0])).size).toBe(1);
    expect(await store.readStream(id)).toHaveLength(2);
  });

  it('turns racing batches over the same new streams into version conflicts, never a deadlock', async () => {
    const ids = Array.from({ length: 50 }, () => newStream());
    const batch = (order: string[]) => store.appendBatch(order.map((streamId) => ({ streamId, expectedVersion: 'no_stream' as const, events: [happened(1)] })));
    const outcomes = await Promise.allSettled([batch(ids), batch([...ids].reverse()), batch(ids.slice(25).concat(ids.slice(0, 25)))]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    for (const outcome of outcomes) {
      if (outcome.status === 'rejected') expect(outcome.reason).toBeInstanceOf(ConcurrencyError);
    }
    const results = (outcomes.find((o) => o.status === 'fulfilled') as PromiseFulfilledResult<{ streamId: string }[]>).value;
    expect(new Set(results.map((r) => r.streamId)).size).toBe(50);
  });

  it('appends many streams in one transaction, all or nothing', async () => {
    const ids = Array.from({ length: 500 }, () => newStream());
    const results = await store.appendBatch(ids.map((streamId, i) => ({ streamId, expectedVersion: 'no_stream', events: [happened(i)] })));
    expect(results.map((r) => r.streamId)).toEqual(ids);
    expect(new Set(results.map((r) => r.globalPositions[0])).size).toBe(500);

    const taken = ids[7];
    const fresh = [newStream(), newStream()];
    const failure = await store
      .appendBatch([
        { streamId: fresh[0], expectedVersion: 'no_stream', events: [happened(1)] },
        { streamId: taken, expectedVersion: 'no_stream', events: [happened(2)] },
        { streamId: fresh[1], expectedVersion: 'no_stream', events: [happened(3)] },
      ])
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ConcurrencyError);
    expect((failure as ConcurrencyError).conflicts.map((c) => c.streamId)).toEqual([taken]);
    expect(await store.streamVersion(fresh[0])).toBe(0);
    expect(await store.streamVersion(fresh[1])).toBe(0);
    expect(await store.readStream(taken)).toHaveLength(1);
  });

  it('mixes new and existing streams and duplicate commands in one batch', async () => {
    const existing = newStream();
    await store.append({ streamId: existing, expectedVersion: 'no_stream', events: [happened(0)] });
    const done = newStream();
    const doneCommand = randomUUID();
    await store.append({ streamId: done, expectedVersion: 'no_stream', commandId: doneCommand, events: [happened(0)] });
    const created = newStream();
    const results = await store.appendBatch([
      { streamId: existing, expectedVersion: 1, events: [happened(1), happened(2)] },
      { streamId: done, expectedVersion: 'no_stream', commandId: doneCommand, events: [happened(0)] },
      { streamId: created, expectedVersion: 'no_stream', events: [happened(1)] },
    ]);
    expect(results.map((r) => [r.nextExpectedVersion, r.duplicate])).toEqual([[3, false], [1, true], [1, false]]);
  });

  it('reads every stream sharing a prefix, and only those', async () => {
    const recipient = randomUUID();
    await store.appendBatch([
      { streamId: `consent-${recipient}.100.MESAJ.BIREYSEL`, expectedVersion: 'no_stream', events: [happened(1)] },
      { streamId: `consent-${recipient}.100.ARAMA.BIREYSEL`, expectedVersion: 'no_stream', events: [happened(2), happened(3)] },
      { streamId: `consent-${randomUUID()}.100.MESAJ.BIREYSEL`, expectedVersion: 'no_stream', events: [happened(9)] },
    ]);
    const events = await store.readStreamsByPrefix(`consent-${recipient}.`);
    expect(events.map((e) => e.data.n)).toEqual([2, 3, 1]);
  });

  it('reads many streams in one call, empty for those that do not exist', async () => {
    const [a, b, missing] = [newStream(), newStream(), newStream()];
    await store.appendBatch([
      { streamId: a, expectedVersion: 'no_stream', events: [happened(1), happened(2)] },
      { streamId: b, expectedVersion: 'no_stream', events: [happened(3)] },
    ]);
    const streams = await store.readStreams([a, b, missing]);
    expect(streams.get(a)!.map((e) => e.data.n)).toEqual([1, 2]);
    expect(streams.get(b)!.map((e) => e.data.n)).toEqual([3]);
    expect(streams.get(missing)).toEqual([]);
  });

  it('upcasts old schema versions on read without touching stored rows', async () => {
    const upcasters = new UpcasterRegistry()
      .register('test.ThingRenamed', 1, (data) => ({ title: data.name, ...(data.name ? {} : {}) }))
      .register('test.ThingRenamed', 2, (data) => ({ ...data, language: 'tr' }));
    const upcasting = new PostgresEventStore({ pool: db.pool, upcasters });
    const id = newStream();
    await upcasting.append({ streamId: id, expectedVersion: 'no_stream', events: [{ type: 'test.ThingRenamed', data: { name: 'Eski' } }] });
    const [event] = await upcasting.readStream(id);
    expect(event.schemaVersion).toBe(3);
    expect(event.data).toEqual({ title: 'Eski', language: 'tr' });
    const raw = await db.pool.query('SELECT schema_version, data FROM event_store.events WHERE stream_id = $1', [id]);
    expect(raw.rows[0]).toEqual({ schema_version: 1, data: { name: 'Eski' } });
  });

  it('refuses stream ids that could carry an address, and malformed requests, before writing', async () => {
    await expect(store.append({ streamId: 'consent-+905321234567', expectedVersion: 'any', events: [happened(1)] })).rejects.toBeInstanceOf(InvalidAppendError);
    await expect(store.append({ streamId: 'consent-ali@example.com', expectedVersion: 'any', events: [happened(1)] })).rejects.toBeInstanceOf(InvalidAppendError);
    await expect(store.append({ streamId: newStream(), expectedVersion: 'any', events: [] })).rejects.toBeInstanceOf(InvalidAppendError);
    await expect(store.append({ streamId: newStream(), expectedVersion: 'any', events: [{ type: 'ConsentApproved', data: {} }] })).rejects.toBeInstanceOf(InvalidAppendError);
  });

  it('orders the global log by transaction id as a number, not as text', async () => {
    // Transaction ids 9 and 10 sort the other way round as strings; both are long finished.
    for (const [xid, streamId] of [['10', newStream()], ['9', newStream()]]) {
      await db.adminQuery(
        `INSERT INTO event_store.events (transaction_id, stream_id, shard_key, stream_position, event_id, event_type, data, metadata, occurred_at, recorded_at, hash)
         VALUES ($1::xid8, $2, 'x', 1, gen_random_uuid(), 'test.ThingHappened', '{}', '{}', now(), now(), '\\x00')`,
        [xid, streamId],
      );
    }
    await store.append({ streamId: newStream(), expectedVersion: 'no_stream', events: [happened(1)] });
    // Transactions of other databases on the cluster can hold the horizon: read what is visible.
    const log = await store.readAll({ limit: 10_000 });
    expect(log.slice(0, 2).map((e) => e.transactionId)).toEqual([9n, 10n]);
    for (let i = 1; i < log.length; i++) {
      const before = log[i - 1];
      const after = log[i];
      expect(before.transactionId < after.transactionId || (before.transactionId === after.transactionId && before.globalPosition < after.globalPosition)).toBe(true);
    }
    const newest = await db.pool.query(`SELECT transaction_id::text AS xid FROM event_store.events ORDER BY transaction_id::text::numeric DESC LIMIT 1`);
    expect((await store.headPosition()).transactionId).toBe(BigInt(newest.rows[0].xid));
  });

  it('is append-only at the database level', async () => {
    const id = newStream();
    await store.append({ streamId: id, expectedVersion: 'no_stream', events: [happened(1)] });
    await expect(db.pool.query(`UPDATE event_store.events SET data = '{}' WHERE stream_id = $1`, [id])).rejects.toThrow(/append-only/);
    await expect(db.pool.query('DELETE FROM event_store.events WHERE stream_id = $1', [id])).rejects.toThrow(/append-only/);
    await expect(db.pool.query('TRUNCATE event_store.events')).rejects.toThrow(/append-only/);
    expect(await store.readStream(id)).toHaveLength(1);
  });
});
