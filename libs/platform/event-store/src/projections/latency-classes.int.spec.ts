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
});
