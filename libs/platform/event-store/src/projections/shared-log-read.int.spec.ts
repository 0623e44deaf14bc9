import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@iys/platform/testing';
import type { SqlExecutor } from '@iys/platform/database';
import type pg from 'pg';
import { eventStoreMigrations } from '../index.js';
import { PostgresEventStore } from '../postgres-event-store.js';
import { projectedRows, recordingProjection } from '../testing/recording-projection.fixture.js';
import type { LogPosition, RecordedEvent } from '../event-store.types.js';
import type { ProjectionDefinition } from './projection.types.js';
import { ProjectionRunner } from './projection-runner.js';
import { ProjectionDaemon } from './projection-daemon.js';

/** The real store, counting its global-log reads (the statement the shared pass makes once). */
class CountingStore extends PostgresEventStore {
  logReads = 0;
  override async readAll(options?: { after?: LogPosition; limit?: number; executor?: SqlExecutor }): Promise<RecordedEvent[]> {
    this.logReads += 1;
    return super.readAll(options);
  }
}

/** Holds an append's transaction open (it has its transaction id) until released: a commit out of order. */
function slowCommit(category: string) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let entered!: () => void;
  const reached = new Promise<void>((resolve) => (entered = resolve));
  const projection: ProjectionDefinition = {
    name: `slow-${category}`,
    version: 1,
    inline: true,
    categories: [category],
    async handle() {
      entered();
      await released;
    },
    async reset() {},
  };
  return { projection, release, reached };
}

describe('one shared log read per pass, fanned out to every projection', () => {
  let db: TestDatabase;
  let store: CountingStore;

  beforeAll(async () => {
    db = await createTestDatabase(eventStoreMigrations, 20);
    store = new CountingStore({ pool: db.pool });
  });
  afterAll(() => db.drop());

  /** The committed events a projection should hold, in commit order (the log's own order). */
  async function expectedFor(categories: string[], types?: string[]): Promise<string[]> {
    const { rows } = await db.pool.query<{ event_id: string }>(
      `SELECT event_id FROM event_store.events
        WHERE split_part(stream_id, '-', 1) = ANY($1) AND ($2::text[] IS NULL OR event_type = ANY($2))
        ORDER BY transaction_id, global_position`,
      [categories, types ?? null],
    );
    return rows.map((r) => r.event_id);
  }

  it('hands every projection every event it follows exactly once, in commit order, under concurrent appenders committing out of order', async () => {
    const tag = randomUUID().replace(/-/g, '').slice(0, 8);
    const [alpha, beta] = [`alpha${tag}`, `beta${tag}`];
    // Plain INSERTs (no upsert): a duplicate delivery fails the batch instead of being absorbed.
    const all = { ...(await recordingProjection(db.pool, `all-${tag}`)), categories: [alpha, beta] };
    const onlyAlpha = { ...(await recordingProjection(db.pool, `alpha-${tag}`)), categories: [alpha] };
    const onlyTicks = { ...(await recordingProjection(db.pool, `ticks-${tag}`)), categories: [alpha, beta], eventTypes: ['test.Ticked'] };
    const projections = [all, onlyAlpha, onlyTicks];
    const runner = new ProjectionRunner(db.pool, store, { batchSize: 7 });
    for (const projection of projections) await runner.register(projection);
    // Start every checkpoint at the log's head so that the cohort is one from the first pass.
    for (const projection of projections) await runner.runUntilCaughtUp(projection);

    const slow = slowCommit(alpha);
    const slowStore = new PostgresEventStore({ pool: db.pool, inlineProjections: [slow.projection] });
    const firstStream = `${alpha}-first`;
    // Takes its transaction id first, commits last: everything appended meanwhile has a higher id.
    const appendFirst = slowStore.append({ streamId: firstStream, expectedVersion: 'no_stream', events: [{ type: 'test.Ticked', data: {} }] });
    await slow.reached;

    const passes: Promise<unknown>[] = [];
    const writer = async (w: number) => {
      for (let i = 0; i < 12; i++) {
        const category = (w + i) % 2 === 0 ? alpha : beta;
        await store.append({
          streamId: `${category}-w${w}`,
          expectedVersion: 'any',
          events: [{ type: i % 3 === 0 ? 'test.Tocked' : 'test.Ticked', data: { w, i } }],
        });
        // Passes run while the writers write and while the first transaction is still open.
        if (i % 4 === 0) passes.push(runner.runPass(projections));
      }
    };
    await Promise.all([0, 1, 2, 3, 4, 5].map(writer));
    await Promise.all(passes);
    // Nothing committed after the open transaction's id may be passed while it is open.
    for (const projection of projections) expect((await projectedRows(db.pool, projection.table)).length).toBe(0);

    slow.release();
    await appendFirst;
    for (const projection of projections) await runner.waitUntilCaughtUp(projection, { drive: true });

    const ids = async (projection: { table: string }) => (await projectedRows(db.pool, projection.table)).map((r) => r.event_id);
    const allIds = await ids(all);
    expect(allIds).toEqual(await expectedFor([alpha, beta]));
    expect(allIds).toHaveLength(1 + 6 * 12);
    expect(await ids(onlyAlpha)).toEqual(await expectedFor([alpha]));
    expect(await ids(onlyTicks)).toEqual(await expectedFor([alpha, beta], ['test.Ticked']));
    // The slow transaction's event comes first: it is first in commit order by transaction id.
    expect((await projectedRows(db.pool, all.table))[0].stream_id).toBe(firstStream);
  });

  it('reads the log once per pass for all projections in the steady state, and a laggard costs one more read without holding the others back', async () => {
    const tag = randomUUID().replace(/-/g, '').slice(0, 8);
    const category = `gamma${tag}`;
    const projections = await Promise.all(
      [1, 2, 3, 4, 5].map(async (n) => ({ ...(await recordingProjection(db.pool, `steady-${n}-${tag}`)), categories: [category] })),
    );
    const runner = new ProjectionRunner(db.pool, store, { batchSize: 1000 });
    for (const projection of projections) await runner.register(projection);
    for (const projection of projections) await runner.runUntilCaughtUp(projection);

    for (let i = 0; i < 20; i++) await store.append({ streamId: `${category}-s${i % 4}`, expectedVersion: 'any', events: [{ type: 'test.Ticked', data: { i } }] });
    await untilBelowHorizon(db.pool);
    const before = store.logReads;
    const pass = await runner.runPass(projections);
    expect(store.logReads - before).toBe(1);
    expect(pass.logReads).toBe(1);
    for (const projection of projections) {
      expect(pass.outcomes.get(projection)).toEqual({ processed: 20, ran: true });
      expect((await projectedRows(db.pool, projection.table)).map((r) => r.event_id)).toEqual(await expectedFor([category]));
    }

    // Checkpoints inside one batch: the read starts at the lowest, each takes what follows its own.
    for (let i = 0; i < 3; i++) await store.append({ streamId: `${category}-s1`, expectedVersion: 'any', events: [{ type: 'test.Ticked', data: { i } }] });
    await untilBelowHorizon(db.pool);
    await new ProjectionRunner(db.pool, store, { batchSize: 1 }).runOnce(projections[0]);
    const staggered = await runner.runPass(projections);
    expect(staggered.logReads).toBe(1);
    expect(staggered.outcomes.get(projections[0])).toEqual({ processed: 2, ran: true });
    for (const projection of projections.slice(1)) expect(staggered.outcomes.get(projection)).toEqual({ processed: 3, ran: true });

    // A late projection starts at the log's beginning; the others are served in the same pass.
    const late = { ...(await recordingProjection(db.pool, `late-${tag}`)), categories: [category] };
    await runner.register(late);
    for (let i = 0; i < 3; i++) await store.append({ streamId: `${category}-s0`, expectedVersion: 'any', events: [{ type: 'test.Ticked', data: { i } }] });
    await untilBelowHorizon(db.pool);
    const small = new ProjectionRunner(db.pool, store, { batchSize: 2 });
    const withLaggard = await small.runPass([...projections, late]);
    expect(withLaggard.logReads).toBe(2);
    for (const projection of projections) expect(withLaggard.outcomes.get(projection)).toEqual({ processed: 2, ran: true });
    expect(withLaggard.outcomes.get(late)).toEqual({ processed: 2, ran: true });

    for (const projection of [...projections, late]) await runner.waitUntilCaughtUp(projection, { drive: true });
    for (const projection of [...projections, late]) {
      expect((await projectedRows(db.pool, projection.table)).map((r) => r.event_id)).toEqual(await expectedFor([category]));
    }
  });

  it('rolls a failing projection back to its savepoint: its writes and checkpoint stay put, the others commit theirs, and it catches up once fixed', async () => {
    const tag = randomUUID().replace(/-/g, '').slice(0, 8);
    const category = `delta${tag}`;
    const first = { ...(await recordingProjection(db.pool, `first-${tag}`)), categories: [category] };
    const last = { ...(await recordingProjection(db.pool, `last-${tag}`)), categories: [category] };
    const flakyRows = await recordingProjection(db.pool, `flaky-${tag}`);
    let broken = true;
    const flaky: ProjectionDefinition & { table: string } = {
      ...flakyRows,
      categories: [category],
      // Writes its rows, then fails on the poison event: the rows must not survive.
      async handle(events, tx) {
        await flakyRows.handle(events, tx);
        if (broken && events.some((e) => e.type === 'test.Poisoned')) throw new Error('projection bug');
      },
    };
    const projections = [first, flaky, last];
    const runner = new ProjectionRunner(db.pool, store, { batchSize: 1000 });
    for (const projection of projections) await runner.register(projection);
    for (const projection of projections) await runner.runUntilCaughtUp(projection);
    const start = await runner.states(projections);

    await store.append({ streamId: `${category}-a`, expectedVersion: 'any', events: [{ type: 'test.Ticked', data: {} }] });
    await store.append({ streamId: `${category}-a`, expectedVersion: 'any', events: [{ type: 'test.Poisoned', data: {} }] });
    await store.append({ streamId: `${category}-b`, expectedVersion: 'any', events: [{ type: 'test.Ticked', data: {} }] });

    const daemon = new ProjectionDaemon(db.pool, runner, projections, { pollMs: 60_000, logger: { error: () => undefined } });
    await daemon.start();
    try {
      await runner.waitUntilCaughtUp(first, { timeoutMs: 15_000 });
      await runner.waitUntilCaughtUp(last, { timeoutMs: 15_000 });
      const expected = await expectedFor([category]);
      expect((await projectedRows(db.pool, first.table)).map((r) => r.event_id)).toEqual(expected);
      expect((await projectedRows(db.pool, last.table)).map((r) => r.event_id)).toEqual(expected);
      expect(await projectedRows(db.pool, flaky.table)).toEqual([]);
      expect((await runner.state(flaky)).checkpoint).toEqual(start.get(`flaky-${tag}@v1`)!.checkpoint);

      broken = false;
      daemon.wake();
      await runner.waitUntilCaughtUp(flaky, { timeoutMs: 15_000 });
      expect((await projectedRows(db.pool, flaky.table)).map((r) => r.event_id)).toEqual(expected);
    } finally {
      await daemon.stop();
    }
  });
});

/**
 * A pass reads only below the cluster's xmin horizon, which a transaction in another spec's database
 * of the same server may hold back for a moment: probe until this log's last event is below it, so
 * a pass's counts do not depend on what runs beside this spec.
 */
async function untilBelowHorizon(pool: pg.Pool): Promise<void> {
  for (;;) {
    const { rows } = await pool.query<{ below: boolean }>(
      'SELECT coalesce(max(transaction_id) < pg_snapshot_xmin(pg_current_snapshot()), true) AS below FROM event_store.events',
    );
    if (rows[0]!.below) return;
  }
}
