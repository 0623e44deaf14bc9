import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@iys/platform/testing';
import { EventChainVerifier } from './event-chain-verifier.js';
import { eventStoreMigrations } from './index.js';
import { PostgresEventStore } from './postgres-event-store.js';

/** Each case tampers with its own database, as a superuser who bypasses the append-only trigger. */
async function tamperedStore() {
  const db = await createTestDatabase(eventStoreMigrations, 4);
  const store = new PostgresEventStore({ pool: db.pool });
  const streams = Array.from({ length: 3 }, () => `consent-${randomUUID()}`);
  await store.appendBatch(
    streams.map((streamId, i) => ({
      streamId,
      expectedVersion: 'no_stream' as const,
      events: [1, 2, 3].map((n) => ({ type: 'test.ThingHappened', data: { n, stream: i, nested: { when: '2026-11-23 10:00:00' } }, metadata: { actorKind: 'system' as const } })),
    })),
  );
  const tamper = (sql: string, params: unknown[]) =>
    db.adminQuery(`BEGIN; SET LOCAL session_replication_role = replica; ${sql}; COMMIT;`.replace('$S', `'${params[0]}'`));
  return { db, verifier: new EventChainVerifier(db.pool), streams: [...streams].sort(), tamper };
}

describe('EventChainVerifier', () => {
  const databases: TestDatabase[] = [];
  afterAll(() => Promise.all(databases.map((db) => db.drop())));

  it('accepts an untouched store, stream by stream and as a whole', async () => {
    const { db, verifier, streams } = await tamperedStore();
    databases.push(db);
    const progress: number[] = [];
    expect(await verifier.verifyAll({ batchSize: 4, onProgress: (n) => progress.push(n) })).toEqual({ ok: true, streamsChecked: 3, eventsChecked: 9, firstBroken: undefined });
    expect(progress.at(-1)).toBe(9);
    expect((await verifier.verifyStream(streams[1])).ok).toBe(true);
  });

  it('finds an edited payload at the exact event', async () => {
    const { db, verifier, streams, tamper } = await tamperedStore();
    databases.push(db);
    await tamper(`UPDATE event_store.events SET data = jsonb_set(data, '{n}', '99') WHERE stream_id = $S AND stream_position = 2`, [streams[1]]);
    const report = await verifier.verifyAll();
    expect(report.ok).toBe(false);
    expect(report.firstBroken).toMatchObject({ streamId: streams[1], streamPosition: 2, reason: 'hash-mismatch' });
    expect((await verifier.verifyStream(streams[1])).firstBroken).toMatchObject({ streamPosition: 2, reason: 'hash-mismatch' });
    expect((await verifier.verifyStream(streams[0])).ok).toBe(true);
  });

  it('finds an edit on either side of a batch boundary, the chain carried across it', async () => {
    // batchSize 4 over 3 streams of 3: the first batch ends with streams[1]'s first event, the second starts with its second.
    for (const [position, column] of [[1, 'metadata'], [2, 'data']] as const) {
      const { db, verifier, streams, tamper } = await tamperedStore();
      databases.push(db);
      await tamper(`UPDATE event_store.events SET ${column} = ${column} || '{"x": 1}' WHERE stream_id = $S AND stream_position = ${position}`, [streams[1]]);
      expect((await verifier.verifyAll({ batchSize: 4 })).firstBroken).toMatchObject({ streamId: streams[1], streamPosition: position, reason: 'hash-mismatch' });
    }
  });

  it('finds an edited timestamp or metadata', async () => {
    const { db, verifier, streams, tamper } = await tamperedStore();
    databases.push(db);
    await tamper(`UPDATE event_store.events SET occurred_at = occurred_at - interval '1 day' WHERE stream_id = $S AND stream_position = 1`, [streams[0]]);
    expect((await verifier.verifyAll()).firstBroken).toMatchObject({ streamId: streams[0], streamPosition: 1, reason: 'hash-mismatch' });
  });

  it('finds a removed event in the middle and a removed tail', async () => {
    const { db, verifier, streams, tamper } = await tamperedStore();
    databases.push(db);
    await tamper(`DELETE FROM event_store.events WHERE stream_id = $S AND stream_position = 2`, [streams[0]]);
    expect((await verifier.verifyAll()).firstBroken).toMatchObject({ streamId: streams[0], streamPosition: 2, reason: 'position-gap' });
    await tamper(`DELETE FROM event_store.events WHERE stream_id = $S AND stream_position = 3`, [streams[2]]);
    expect((await verifier.verifyStream(streams[2])).firstBroken).toMatchObject({ streamId: streams[2], reason: 'head-mismatch' });
  });

  it('finds a stream whose events were all removed', async () => {
    const { db, verifier, streams, tamper } = await tamperedStore();
    databases.push(db);
    await tamper(`DELETE FROM event_store.events WHERE stream_id = $S`, [streams[2]]);
    expect((await verifier.verifyAll()).firstBroken).toMatchObject({ streamId: streams[2] });
  });

  it('finds events whose stream head was removed', async () => {
    const { db, verifier, streams, tamper } = await tamperedStore();
    databases.push(db);
    await tamper(`DELETE FROM event_store.streams WHERE stream_id = $S`, [streams[1]]);
    expect((await verifier.verifyAll()).firstBroken).toMatchObject({ streamId: streams[1], reason: 'head-mismatch' });
    expect((await verifier.verifyStream(streams[1])).firstBroken).toMatchObject({ streamId: streams[1], reason: 'head-mismatch' });
  });

  it('checks every stream under a prefix from one snapshot, each with its own verdict', async () => {
    const { db, verifier, streams, tamper } = await tamperedStore();
    databases.push(db);
    const untouched = await verifier.verifyStreamsByPrefix('consent-');
    expect([...untouched.keys()].sort()).toEqual(streams);
    expect([...untouched.values()].every((report) => report.ok && report.eventsChecked === 3)).toBe(true);
    expect((await verifier.verifyStreamsByPrefix(`${streams[0]}.`)).size).toBe(0); // a prefix that names no stream

    await tamper(`UPDATE event_store.events SET data = jsonb_set(data, '{n}', '99') WHERE stream_id = $S AND stream_position = 3`, [streams[0]]);
    await tamper(`DELETE FROM event_store.events WHERE stream_id = $S`, [streams[1]]);
    await tamper(`DELETE FROM event_store.streams WHERE stream_id = $S`, [streams[2]]);
    const reports = await verifier.verifyStreamsByPrefix('consent-');
    expect(reports.get(streams[0])?.firstBroken).toMatchObject({ streamPosition: 3, reason: 'hash-mismatch' });
    expect(reports.get(streams[1])?.firstBroken).toMatchObject({ streamPosition: 1, reason: 'position-gap' });
    expect(reports.get(streams[2])?.firstBroken).toMatchObject({ reason: 'head-mismatch' });
  });
});
