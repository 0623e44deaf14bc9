import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { createTestDatabase, statementsOf, statementsOnThePath, type TestDatabase } from '@iys/platform/testing';
import { canonicalEventBytes, chainHash, GENESIS_HASH } from './event-hash.js';
import { EventChainVerifier } from './event-chain-verifier.js';
import { ConcurrencyError } from './event-store.errors.js';
import { eventStoreMigrations } from './index.js';
import { EVENTS_CHANNEL, PostgresEventStore } from './postgres-event-store.js';
import type { NewEvent } from './event-store.types.js';

const happened = (n: number): NewEvent => ({ type: 'test.ThingHappened', data: { n, text: 'tab\there "quoted" \\ ünï' }, metadata: { actorKind: 'system' } });

/**
 * The append as one statement (docs/adr/0059): what it writes means what the older statements
 * wrote, so rows of both kinds verify alike, and idempotency rows of both kinds replay alike.
 */
describe('the one-statement append', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;

  beforeAll(async () => {
    db = await createTestDatabase(eventStoreMigrations, 8);
    store = new PostgresEventStore({ pool: db.pool });
  });
  afterAll(() => db.drop());

  /** A stream and a command as the append wrote them before: JSON.stringify'd payloads, the full outcome document. */
  async function writeAsBefore(streamId: string, commandId: string): Promise<{ eventIds: string[]; hash: Buffer }> {
    const recordedAt = new Date('2026-11-23T09:30:00.123Z');
    let hash: Buffer = GENESIS_HASH;
    const eventIds: string[] = [];
    const positions: string[] = [];
    for (const n of [1, 2]) {
      const event = { streamId, streamPosition: n, eventId: randomUUID(), type: 'test.ThingHappened', schemaVersion: 1, data: { z: n, a: { y: 'ü', b: [2, 1] } }, metadata: { actorKind: 'system' as const }, occurredAt: recordedAt, recordedAt };
      hash = chainHash(hash, canonicalEventBytes(event));
      const { rows } = await db.pool.query<{ global_position: string }>(
        `INSERT INTO event_store.events (stream_id, shard_key, stream_position, event_id, event_type, schema_version, data, metadata, occurred_at, recorded_at, hash)
         VALUES ($1, $2, $3, $4, $5, 1, $6::jsonb, $7::jsonb, $8, $8, $9) RETURNING global_position`,
        [streamId, streamId.slice(streamId.indexOf('-') + 1), n, event.eventId, event.type, JSON.stringify(event.data), JSON.stringify(event.metadata), recordedAt.toISOString(), hash],
      );
      eventIds.push(event.eventId);
      positions.push(rows[0].global_position);
    }
    await db.pool.query(`INSERT INTO event_store.streams (stream_id, stream_type, shard_key, version, last_hash) VALUES ($1, 'thing', $2, 2, $3)`, [
      streamId,
      streamId.slice(streamId.indexOf('-') + 1),
      hash,
    ]);
    await db.pool.query(`INSERT INTO event_store.processed_commands (command_id, stream_id, shard_key, outcome) VALUES ($1, $2, $3, $4)`, [
      commandId,
      streamId,
      streamId.slice(streamId.indexOf('-') + 1),
      JSON.stringify({ streamId, nextExpectedVersion: 2, eventIds, globalPositions: positions, recordedAt: recordedAt.toISOString() }),
    ]);
    return { eventIds, hash };
  }

  it('chains new events onto rows written the older way, and the verifier accepts both and still finds an edit', async () => {
    const streamId = `thing-${randomUUID()}`;
    const { hash } = await writeAsBefore(streamId, randomUUID());
    await store.append({ streamId, expectedVersion: 2, events: [happened(3)] });
    await store.append({ streamId, expectedVersion: 3, previousHash: (await store.readStream(streamId))[2].hash, events: [happened(4), happened(5)] });
    const events = await store.readStream(streamId);
    expect(events.map((e) => e.streamPosition)).toEqual([1, 2, 3, 4, 5]);
    expect(events[1].hash.equals(hash)).toBe(true);

    const verifier = new EventChainVerifier(db.pool);
    expect((await verifier.verifyStream(streamId)).ok).toBe(true);
    expect((await verifier.verifyAll()).ok).toBe(true);

    await db.adminQuery(
      `BEGIN; SET LOCAL session_replication_role = replica;
       UPDATE event_store.events SET data = jsonb_set(data, '{n}', '40') WHERE stream_id = '${streamId}' AND stream_position = 4; COMMIT;`,
    );
    expect((await verifier.verifyStream(streamId)).firstBroken).toMatchObject({ streamPosition: 4, reason: 'hash-mismatch' });
  });

  it('replays an idempotency row of either kind with the same outcome', async () => {
    const oldStream = `thing-${randomUUID()}`;
    const oldCommand = randomUUID();
    const { eventIds } = await writeAsBefore(oldStream, oldCommand);
    const replayedOld = await store.append({ streamId: oldStream, expectedVersion: 'no_stream', commandId: oldCommand, events: [happened(1)] });
    expect(replayedOld).toMatchObject({ duplicate: true, nextExpectedVersion: 2, eventIds });

    const newStream = `thing-${randomUUID()}`;
    const newCommand = randomUUID();
    const first = await store.append({ streamId: newStream, expectedVersion: 'no_stream', commandId: newCommand, events: [happened(1), happened(2)] });
    const { rows } = await db.pool.query('SELECT outcome, first_position, last_position FROM event_store.processed_commands WHERE command_id = $1', [newCommand]);
    expect(rows).toEqual([{ outcome: null, first_position: '1', last_position: '2' }]);
    expect(await store.append({ streamId: newStream, expectedVersion: 'no_stream', commandId: newCommand, events: [happened(1)] })).toEqual({ ...first, duplicate: true });
    expect((await store.processedCommands([newCommand, oldCommand])).get(newCommand)).toEqual({ ...first, duplicate: true });
  });

  it('writes a new stream in one statement, and an existing one whose hash the caller read in one too', async () => {
    const streamId = `thing-${randomUUID()}`;
    expect(await statementsOnThePath(() => store.append({ streamId, expectedVersion: 'no_stream', commandId: randomUUID(), events: [happened(1)] }))).toHaveLength(1);
    const [head] = await store.readStream(streamId);
    expect(await statementsOnThePath(() => store.append({ streamId, expectedVersion: 1, previousHash: head.hash, events: [happened(2)] }))).toHaveLength(1);
    // Without the hash the head is read and locked first, in a transaction.
    expect(await statementsOnThePath(() => store.append({ streamId, expectedVersion: 2, events: [happened(3)] }))).toHaveLength(4);
  });

  it('re-does a hinted append whose hash is not the head’s on the head it reads, and refuses one whose stream moved', async () => {
    const streamId = `thing-${randomUUID()}`;
    await store.append({ streamId, expectedVersion: 'no_stream', events: [happened(1)] });
    const [head] = await store.readStream(streamId);
    const bystander = `thing-${randomUUID()}`;
    const wrongHash = await store
      .appendBatch([
        { streamId, expectedVersion: 1, previousHash: Buffer.alloc(32, 7), events: [happened(2)] },
        { streamId: bystander, expectedVersion: 'no_stream', events: [happened(1)] },
      ])
      .catch((e: unknown) => e);
    // The careful retry reads the head: version 1 as expected, so the append goes through on the real hash.
    expect(wrongHash).not.toBeInstanceOf(Error);
    expect((await new EventChainVerifier(db.pool).verifyStream(streamId)).ok).toBe(true);

    const stale = await store.append({ streamId, expectedVersion: 1, previousHash: head.hash, events: [happened(3)] }).catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(ConcurrencyError);
    expect((stale as ConcurrencyError).conflicts).toEqual([{ streamId, expected: 1, actual: 2 }]);
    expect((await store.readStream(streamId)).map((e) => e.data.n)).toEqual([1, 2]);
    expect(await store.streamVersion(bystander)).toBe(1);
  });

  it('wakes the projections after every commit, even when the append itself did not carry the NOTIFY', async () => {
    const quiet = new PostgresEventStore({ pool: db.pool, wakeUpEveryMs: 1000 });
    const listener = await db.pool.connect();
    try {
      await listener.query(`LISTEN ${EVENTS_CHANNEL}`);
      const first = new Promise<void>((resolve) => listener.once('notification', () => resolve()));
      // The first append carries the NOTIFY; the second, inside the same second, is not allowed to.
      const statementsFirst = await statementsOf(() => quiet.append({ streamId: `thing-${randomUUID()}`, expectedVersion: 'no_stream', events: [happened(1)] }), 4000);
      expect(statementsFirst.join(' ')).toContain('pg_notify');
      await first;
      const statementsSecond = await statementsOf(() => quiet.append({ streamId: `thing-${randomUUID()}`, expectedVersion: 'no_stream', events: [happened(2)] }), 4000);
      expect(statementsSecond.join(' ')).not.toContain('pg_notify');
      // …so a trailing one follows its commit.
      await new Promise<void>((resolve) => listener.once('notification', () => resolve()));
    } finally {
      await listener.query(`UNLISTEN ${EVENTS_CHANNEL}`);
      listener.release();
    }
  });
});
