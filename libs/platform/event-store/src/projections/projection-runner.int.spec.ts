import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { createTestDatabase, waitUntil, type TestDatabase } from '@iys/platform/testing';
import { eventStoreMigrations } from '../index.js';
import { PostgresEventStore } from '../postgres-event-store.js';
import { projectedRows, recordingProjection } from '../testing/recording-projection.fixture.js';
import type { NewEvent } from '../event-store.types.js';
import type { ProjectionDefinition } from './projection.types.js';
import { ProjectionRunner } from './projection-runner.js';
import { ProjectionDaemon } from './projection-daemon.js';

const happened = (n: number): NewEvent => ({ type: 'test.ThingHappened', data: { n } });
const newStream = () => `thing-${randomUUID()}`;

/** Holds a transaction open inside an append until released: the slow commit of the anchors' bugs. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  let entered!: () => void;
  const reached = new Promise<void>((resolve) => (entered = resolve));
  const projection: ProjectionDefinition = {
    name: 'gate',
    version: 1,
    inline: true,
    eventTypes: ['test.SlowThingHappened'],
    async handle() {
      entered();
      await opened;
    },
    async reset() {},
  };
  return { projection, open, reached };
}

describe('ProjectionRunner', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let runner: ProjectionRunner;

  beforeAll(async () => {
    db = await createTestDatabase(eventStoreMigrations, 12);
    store = new PostgresEventStore({ pool: db.pool });
    runner = new ProjectionRunner(db.pool, store, { batchSize: 50 });
  });
  afterAll(() => db.drop());

  it('never passes a transaction that started first and commits last, and projects it once it commits', async () => {
    const projection = await recordingProjection(db.pool, `out-of-order-${randomUUID().slice(0, 8)}`);
    await runner.register(projection);
    await runner.waitUntilCaughtUp(projection, { drive: true });

    const slow = gate();
    const slowStore = new PostgresEventStore({ pool: db.pool, inlineProjections: [slow.projection] });
    const first = newStream();
    const second = newStream();
    // A gets its transaction id first (at its insert), then waits inside its transaction.
    const appendA = slowStore.append({ streamId: first, expectedVersion: 'no_stream', events: [{ type: 'test.SlowThingHappened', data: {} }] });
    await slow.reached;
    // B starts later and commits first.
    await store.append({ streamId: second, expectedVersion: 'no_stream', events: [happened(2)] });

    await runner.runUntilCaughtUp(projection);
    expect((await projectedRows(db.pool, projection.table)).map((r) => r.stream_id)).not.toContain(second);
    expect(await runner.isCaughtUp(projection)).toBe(false);

    slow.open();
    await appendA;
    await runner.waitUntilCaughtUp(projection, { drive: true });
    const rows = await projectedRows(db.pool, projection.table);
    const order = rows.map((r) => r.stream_id).filter((id) => id === first || id === second);
    expect(order).toEqual([first, second]);
    expect(await runner.isCaughtUp(projection)).toBe(true);
  });

  it('stalls behind a long open transaction, reports the lag, and resumes when it ends', async () => {
    const projection = await recordingProjection(db.pool, `long-tx-${randomUUID().slice(0, 8)}`);
    await runner.register(projection);
    await runner.waitUntilCaughtUp(projection, { drive: true });

    const longRunning = new pg.Client({ connectionString: db.url });
    await longRunning.connect();
    try {
      await longRunning.query('BEGIN');
      await longRunning.query('SELECT pg_current_xact_id()');

      const streams = [newStream(), newStream(), newStream()];
      for (const streamId of streams) await store.append({ streamId, expectedVersion: 'no_stream', events: [happened(1)] });
      const projectedOfThese = async () =>
        (await projectedRows(db.pool, projection.table)).map((r) => r.stream_id).filter((id) => streams.includes(id));
      await runner.runUntilCaughtUp(projection);
      expect(await projectedOfThese()).toEqual([]);
      expect(await runner.lag(projection)).toEqual({ events: 3, caughtUp: false });

      await longRunning.query('COMMIT');
      await runner.waitUntilCaughtUp(projection, { drive: true });
      expect(await projectedOfThese()).toEqual(streams);
      expect(await runner.lag(projection)).toEqual({ events: 0, caughtUp: true });
    } finally {
      await longRunning.end();
    }
  });

  it('rebuilds from zero to exactly the incremental result', async () => {
    const projection = await recordingProjection(db.pool, `rebuild-${randomUUID().slice(0, 8)}`);
    await runner.register(projection);
    for (let i = 0; i < 7; i++) {
      await store.appendBatch([
        { streamId: newStream(), expectedVersion: 'no_stream', events: [happened(i), happened(i + 100)] },
        { streamId: newStream(), expectedVersion: 'no_stream', events: [happened(i + 200)] },
      ]);
      await runner.waitUntilCaughtUp(projection, { drive: true });
    }
    const incremental = await projectedRows(db.pool, projection.table);
    const replayed = await runner.rebuild(projection);
    await runner.waitUntilCaughtUp(projection, { drive: true });
    const rebuilt = await projectedRows(db.pool, projection.table);
    expect(replayed).toBeGreaterThan(0);
    expect(rebuilt).toEqual(incremental);
  });

  it('keeps a checkpoint vector, one position per node: each node\'s runner moves only its own entry', async () => {
    const projection = await recordingProjection(db.pool, `per-node-${randomUUID().slice(0, 8)}`, 1, { guarded: true });
    await runner.register(projection);
    const nodeOne = new ProjectionRunner(db.pool, store, { batchSize: 50, node: 1 });
    await nodeOne.register(projection);
    for (let i = 0; i < 3; i++) await store.append({ streamId: newStream(), expectedVersion: 'no_stream', events: [happened(i)] });

    await runner.waitUntilCaughtUp(projection, { drive: true });
    const [zero, one, ...more] = await runner.checkpoints(projection);
    expect(more).toEqual([]);
    expect(zero).toEqual((await runner.state(projection)).checkpoint);
    expect(zero.globalPosition).toBeGreaterThan(0n);
    expect(one).toEqual({ transactionId: 0n, globalPosition: 0n });
    expect(await nodeOne.isCaughtUp(projection)).toBe(false);

    await nodeOne.waitUntilCaughtUp(projection, { drive: true });
    expect(await runner.checkpoints(projection)).toEqual([zero, zero]);
    expect((await nodeOne.state(projection)).checkpoint).toEqual(zero);
  });

  it('lets one instance at a time run a projection', async () => {
    const projection = await recordingProjection(db.pool, `single-runner-${randomUUID().slice(0, 8)}`);
    await runner.register(projection);
    for (let i = 0; i < 5; i++) await store.append({ streamId: newStream(), expectedVersion: 'no_stream', events: [happened(i)] });
    const second = new ProjectionRunner(db.pool, store, { batchSize: 1 });
    // Both race from the same checkpoint; the plain INSERT would fail on any double delivery.
    await Promise.all([runner.runUntilCaughtUp(projection), second.runUntilCaughtUp(projection), runner.runUntilCaughtUp(projection)]);
    await runner.waitUntilCaughtUp(projection, { drive: true });
    const rows = await projectedRows(db.pool, projection.table);
    expect(new Set(rows.map((r) => r.event_id)).size).toBe(rows.length);
  });

  it('builds a new version blue/green while the old one serves, with inline writes landing in both', async () => {
    const name = `blue-green-${randomUUID().slice(0, 8)}`;
    const v1 = await recordingProjection(db.pool, name, 1, { inline: true, guarded: true });
    const v2 = await recordingProjection(db.pool, name, 2, { inline: true, guarded: true });
    const blueStore = new PostgresEventStore({ pool: db.pool, inlineProjections: [v1] });
    // A first inline version on a log with history back-fills it before it takes over.
    expect(await runner.register(v1)).toBe('rebuilding');
    await runner.waitUntilCaughtUp(v1, { drive: true });
    await runner.promote(v1);
    expect(await runner.activeVersion(name)).toBe(1);
    const written: string[] = [];
    for (let i = 0; i < 20; i++) {
      written.push(newStream());
      await blueStore.append({ streamId: written[i], expectedVersion: 'no_stream', events: [happened(i)] });
    }

    // Deploy v2 beside v1: new writes reach both inline; v2 catches up on the past from the log.
    const greenStore = new PostgresEventStore({ pool: db.pool, inlineProjections: [v1, v2] });
    expect(await runner.register(v2)).toBe('rebuilding');
    expect(await runner.activeVersion(name)).toBe(1);
    await runner.runOnce(v2);
    for (let i = 0; i < 10; i++) {
      written.push(newStream());
      await greenStore.append({ streamId: written.at(-1)!, expectedVersion: 'no_stream', events: [happened(i)] });
    }
    // v1 keeps serving every write while v2 builds.
    const servedByV1 = new Set((await projectedRows(db.pool, v1.table)).map((r) => r.stream_id));
    expect(written.every((id) => servedByV1.has(id))).toBe(true);
    await expect(runner.promote({ ...v2, version: 2 })).rejects.toThrow(/not caught up/);

    await runner.waitUntilCaughtUp(v2, { drive: true });
    await runner.promote(v2);
    expect(await runner.activeVersion(name)).toBe(2);
    expect((await runner.state(v1)).status).toBe('retired');
    // Active inline projections are written with each append: their resting checkpoint is no lag.
    await greenStore.append({ streamId: newStream(), expectedVersion: 'no_stream', events: [happened(99)] });
    expect(await runner.lag(v2)).toEqual({ events: 0, caughtUp: true });

    const v1Ids = (await projectedRows(db.pool, v1.table)).map((r) => r.event_id).sort();
    const v2Ids = (await projectedRows(db.pool, v2.table)).map((r) => r.event_id).sort();
    expect(v2Ids).toEqual(v1Ids);
  });

  it('keeps async projections caught up from NOTIFY through the daemon', async () => {
    const projection = await recordingProjection(db.pool, `daemon-${randomUUID().slice(0, 8)}`);
    const daemon = new ProjectionDaemon(db.pool, runner, [projection], { pollMs: 60_000 });
    await daemon.start();
    try {
      const streams = Array.from({ length: 10 }, () => newStream());
      for (const streamId of streams) await store.append({ streamId, expectedVersion: 'no_stream', events: [happened(1)] });
      // The poll is a minute away: only the notifications can bring the projection up to date.
      await runner.waitUntilCaughtUp(projection, { timeoutMs: 15_000 });
      const projected = (await projectedRows(db.pool, projection.table)).map((r) => r.stream_id);
      expect(projected.slice(-10)).toEqual(streams);
    } finally {
      await daemon.stop();
    }
  });

  it('catches up by itself when a long transaction ends, without a new notification or the poll', async () => {
    const projection = await recordingProjection(db.pool, `horizon-${randomUUID().slice(0, 8)}`);
    const daemon = new ProjectionDaemon(db.pool, runner, [projection], { pollMs: 60_000 });
    await daemon.start();
    const longRunning = new pg.Client({ connectionString: db.url });
    await longRunning.connect();
    try {
      await longRunning.query('BEGIN');
      await longRunning.query('SELECT pg_current_xact_id()');
      const streamId = newStream();
      await store.append({ streamId, expectedVersion: 'no_stream', events: [happened(1)] });
      // The append's NOTIFY found the event above the horizon; ending the blocker notifies nobody.
      await longRunning.query('COMMIT');
      await runner.waitUntilCaughtUp(projection, { timeoutMs: 15_000 });
      expect((await projectedRows(db.pool, projection.table)).map((r) => r.stream_id)).toContain(streamId);
    } finally {
      await longRunning.end();
      await daemon.stop();
    }
  });

  it('lets the daemon back-fill a new inline projection and hand it over', async () => {
    const name = `late-inline-${randomUUID().slice(0, 8)}`;
    const projection = await recordingProjection(db.pool, name, 1, { inline: true, guarded: true });
    const daemon = new ProjectionDaemon(db.pool, runner, [projection], { pollMs: 50 });
    await daemon.start();
    try {
      await waitUntil(() => runner.activeVersion(name), (version) => version === 1, { description: `${name} promoted` });
      const total = await db.pool.query('SELECT count(*)::int AS n FROM event_store.events');
      expect((await projectedRows(db.pool, projection.table)).length).toBe(total.rows[0].n);
    } finally {
      await daemon.stop();
    }
  });
});
