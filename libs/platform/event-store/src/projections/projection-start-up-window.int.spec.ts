import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@iys/platform/testing';
import { eventStoreMigrations } from '../index.js';
import { PostgresEventStore } from '../postgres-event-store.js';
import { projectedRows, recordingProjection } from '../testing/recording-projection.fixture.js';
import type { NewEvent } from '../event-store.types.js';
import { ProjectionDaemon } from './projection-daemon.js';
import { ProjectionRunner } from './projection-runner.js';
import { ReadModelWatermark } from './read-model-watermark.js';

const happened = (n: number): NewEvent => ({ type: 'test.ThingHappened', data: { n } });
const newStream = () => `thing-${randomUUID()}`;
const uniqueName = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

/**
 * The start-up window: a reader drives a projection (the caught-up probe, a watermark) before any
 * daemon registered it. Driving registers it, in the transaction of its first writes.
 */
describe('Projections driven before any daemon registered them', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let runner: ProjectionRunner;

  beforeAll(async () => {
    db = await createTestDatabase(eventStoreMigrations, 8);
    store = new PostgresEventStore({ pool: db.pool });
    runner = new ProjectionRunner(db.pool, store, { batchSize: 50 });
  });
  afterAll(() => db.drop());

  const checkpointRows = async (name: string) =>
    (await db.pool.query<{ status: string }>('SELECT status FROM event_store.projection_checkpoints WHERE projection_name = $1', [name])).rows;

  it('a caught-up read registers the projection on drive and answers from the log\'s start; a daemon started later projects nothing twice', async () => {
    const projection = await recordingProjection(db.pool, uniqueName('window-read'));
    const streams = [newStream(), newStream()];
    for (const streamId of streams) await store.append({ streamId, expectedVersion: 'no_stream', events: [happened(1)] });
    expect(await checkpointRows(projection.name)).toEqual([]);

    const read = async () => {
      const mine = (await projectedRows(db.pool, projection.table)).filter((row) => streams.includes(row.stream_id));
      return mine.length === streams.length ? mine.map((row) => row.stream_id) : undefined;
    };
    expect(await runner.readCaughtUp(projection, read)).toEqual(streams);
    expect(await checkpointRows(projection.name)).toEqual([{ status: 'active' }]);
    expect(await runner.isCaughtUp(projection)).toBe(true);

    // The daemon's own registration finds the row (idempotent) and goes on from its checkpoint: the
    // recording projection inserts without ON CONFLICT, so a second delivery would fail its batch.
    const daemon = new ProjectionDaemon(db.pool, runner, [projection], { pollMs: 50 });
    await daemon.start();
    try {
      const later = newStream();
      await store.append({ streamId: later, expectedVersion: 'no_stream', events: [happened(2)] });
      await runner.waitUntilCaughtUp(projection);
      const projected = (await projectedRows(db.pool, projection.table)).map((row) => row.stream_id);
      expect(projected.filter((id) => [...streams, later].includes(id))).toEqual([...streams, later]);
    } finally {
      await daemon.stop();
    }
    expect(await checkpointRows(projection.name)).toEqual([{ status: 'active' }]);
  });

  it('a first batch that fails rolls its registration back with its writes', async () => {
    const recording = await recordingProjection(db.pool, uniqueName('window-failing'));
    await store.append({ streamId: newStream(), expectedVersion: 'no_stream', events: [happened(3)] });
    const failing = {
      ...recording,
      async handle() {
        throw new Error('the read model refused the batch');
      },
    };
    await expect(runner.runOnce(failing)).rejects.toThrow('the read model refused the batch');
    expect(await checkpointRows(recording.name)).toEqual([]);
    expect(await runner.isCaughtUp(recording)).toBe(false);
  });

  it('a daemon starting while a reader drives the projection: one checkpoint row, every event projected once', async () => {
    const projection = await recordingProjection(db.pool, uniqueName('window-race'));
    const stream = newStream();
    await store.append({ streamId: stream, expectedVersion: 'no_stream', events: [happened(4), happened(5)] });
    const daemon = new ProjectionDaemon(db.pool, runner, [projection], { pollMs: 50 });
    try {
      await Promise.all([runner.waitUntilCaughtUp(projection, { drive: true }), daemon.start()]);
      await runner.waitUntilCaughtUp(projection);
    } finally {
      await daemon.stop();
    }
    expect(await checkpointRows(projection.name)).toEqual([{ status: 'active' }]);
    const mine = (await projectedRows(db.pool, projection.table)).filter((row) => row.stream_id === stream);
    expect(mine.map((row) => row.stream_position)).toEqual([1, 2]);
  });

  it('a watermark that finds a change before any daemon registered its projections catches them up from the log\'s start', async () => {
    const projection = { ...(await recordingProjection(db.pool, uniqueName('window-watermark'))), eventTypes: ['test.ThingHappened'] };
    const stream = newStream();
    await store.append({ streamId: stream, expectedVersion: 'no_stream', events: [happened(6)] });
    const watermark = new ReadModelWatermark(runner, [projection]);
    const params = await watermark.params();
    expect(params.slice(0, 2)).toEqual(['0', '0']);

    const { rows } = await db.pool.query<{ stale: boolean; horizon: string }>(`SELECT ${ReadModelWatermark.columns(1)}`, params);
    expect(rows[0].stale).toBe(true);
    expect(await watermark.settle(rows[0])).toBe(false);
    expect((await projectedRows(db.pool, projection.table)).map((row) => row.stream_id)).toContain(stream);
    expect(await checkpointRows(projection.name)).toEqual([{ status: 'active' }]);
  });
});
