import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@iys/platform/testing';
import type { SqlExecutor } from '@iys/platform/database';
import { eventStoreMigrations } from '../index.js';
import { PostgresEventStore } from '../postgres-event-store.js';
import { projectedRows, recordingProjection } from '../testing/recording-projection.fixture.js';
import type { RecordedEvent } from '../event-store.types.js';
import { ProjectionRunner } from './projection-runner.js';
import { ProjectionDaemon } from './projection-daemon.js';
import { LogStretchCache } from './log-stretch-cache.js';

/** A relaxed projection whose batches wait, before they write anything, until the test opens the gate. */
async function gatedRelaxed(db: TestDatabase, name: string) {
  const inner = await recordingProjection(db.pool, name);
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  let entered!: () => void;
  const reached = new Promise<void>((resolve) => (entered = resolve));
  const projection = {
    ...inner,
    latency: 'relaxed' as const,
    async handle(events: RecordedEvent[], tx: SqlExecutor) {
      entered();
      await opened;
      await inner.handle(events, tx);
    },
  };
  return { projection, open, reached };
}

describe('the daemon serves its latency classes in passes of their own (docs/adr/0062)', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;

  beforeAll(async () => {
    db = await createTestDatabase(eventStoreMigrations, 20);
    store = new PostgresEventStore({ pool: db.pool });
  });
  afterAll(() => db.drop());

  async function expectedFor(category: string): Promise<string[]> {
    const { rows } = await db.pool.query<{ event_id: string }>(
      `SELECT event_id FROM event_store.events WHERE split_part(stream_id, '-', 1) = $1 ORDER BY transaction_id, global_position`,
      [category],
    );
    return rows.map((r) => r.event_id);
  }

  it('keeps a prompt projection caught up while a relaxed one is stuck in its batch, and the relaxed one then gets every event once, in order', async () => {
    const tag = randomUUID().replace(/-/g, '').slice(0, 8);
    const category = `lane${tag}`;
    const prompt = { ...(await recordingProjection(db.pool, `prompt-${tag}`)), categories: [category] };
    const relaxed = await gatedRelaxed(db, `relaxed-${tag}`);
    const slow = { ...relaxed.projection, categories: [category] };
    const runner = new ProjectionRunner(db.pool, store, { batchSize: 5 });
    const daemon = new ProjectionDaemon(db.pool, runner, [prompt, slow], { pollMs: 60_000, relaxedDelayMs: 0, logger: { error: () => undefined } });
    await daemon.start();
    try {
      await store.append({ streamId: `${category}-a`, expectedVersion: 'any', events: [{ type: 'test.Ticked', data: {} }] });
      // The relaxed pass is now inside its batch and will not finish until the gate opens.
      await relaxed.reached;
      for (let i = 0; i < 12; i++) {
        await store.append({ streamId: `${category}-${i % 3}`, expectedVersion: 'any', events: [{ type: 'test.Ticked', data: { i } }] });
      }
      // The prompt class does not wait for it: every event is in its read model meanwhile.
      await runner.waitUntilCaughtUp(prompt, { timeoutMs: 15_000 });
      const expected = await expectedFor(category);
      expect(expected).toHaveLength(13);
      expect((await projectedRows(db.pool, prompt.table)).map((r) => r.event_id)).toEqual(expected);
      expect(await projectedRows(db.pool, slow.table)).toEqual([]);

      relaxed.open();
      await runner.waitUntilCaughtUp(slow, { timeoutMs: 15_000 });
      // Plain INSERTs: a second delivery would have failed the batch; the order is the log's.
      expect((await projectedRows(db.pool, slow.table)).map((r) => r.event_id)).toEqual(expected);
      expect((await projectedRows(db.pool, prompt.table)).map((r) => r.event_id)).toEqual(expected);
    } finally {
      relaxed.open();
      await daemon.stop();
    }
  });

  it('shares the log reads between the classes: the relaxed pass takes what the prompt pass read from memory, reads only the rest, and still gets every event once, in order (docs/adr/0069)', async () => {
    const tag = randomUUID().replace(/-/g, '').slice(0, 8);
    const category = `share${tag}`;
    const prompt = { ...(await recordingProjection(db.pool, `prompt-${tag}`)), categories: [category] };
    const relaxed = { ...(await recordingProjection(db.pool, `relaxed-${tag}`)), categories: [category], latency: 'relaxed' as const };
    const runner = new ProjectionRunner(db.pool, store, { batchSize: 5 });
    await runner.register(prompt);
    await runner.register(relaxed);
    // Earlier tests' events come first in the log: both start where the log ends now.
    await runner.waitUntilCaughtUp(prompt, { drive: true });
    await runner.waitUntilCaughtUp(relaxed, { drive: true });
    // The counts below need the new events below the xmin horizon (other databases' transactions hold it
    // back): a third projection driven to the head waits for that.
    const horizon = { ...(await recordingProjection(db.pool, `horizon-${tag}`)), categories: [`none${tag}`] };
    await runner.register(horizon);
    const stretches = new LogStretchCache(100);
    const append = (i: number) => store.append({ streamId: `${category}-${i % 3}`, expectedVersion: 'any', events: [{ type: 'test.Ticked', data: { i } }] });
    for (let i = 0; i < 8; i++) await append(i);
    await runner.waitUntilCaughtUp(horizon, { drive: true });

    const first = await runner.runPass([prompt], { stretches });
    const second = await runner.runPass([prompt], { stretches });
    expect([first.logReads, second.logReads, first.eventsFromMemory + second.eventsFromMemory]).toEqual([1, 1, 0]);

    // The relaxed class's first batch is all in memory: no log read at all.
    const relaxedFirst = await runner.runPass([relaxed], { stretches });
    expect(relaxedFirst.outcomes.get(relaxed)?.processed).toBe(5);
    expect([relaxedFirst.logReads, relaxedFirst.eventsFromMemory]).toEqual([0, 5]);

    // Two more events meanwhile: the next batch is three from memory and two from the one read that follows them.
    await append(8);
    await append(9);
    await runner.waitUntilCaughtUp(horizon, { drive: true });
    const relaxedSecond = await runner.runPass([relaxed], { stretches });
    expect(relaxedSecond.outcomes.get(relaxed)?.processed).toBe(5);
    expect([relaxedSecond.logReads, relaxedSecond.eventsFromMemory]).toEqual([1, 3]);
    // …which the prompt class now takes from memory in turn.
    const promptThird = await runner.runPass([prompt], { stretches });
    expect([promptThird.logReads, promptThird.eventsFromMemory, promptThird.outcomes.get(prompt)?.processed]).toEqual([1, 2, 2]);

    const expected = await expectedFor(category);
    expect(expected).toHaveLength(10);
    expect((await projectedRows(db.pool, relaxed.table)).map((r) => r.event_id)).toEqual(expected);
    expect((await projectedRows(db.pool, prompt.table)).map((r) => r.event_id)).toEqual(expected);
  });
});
