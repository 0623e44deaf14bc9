import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@iys/platform/testing';
import { eventStoreMigrations } from '../index.js';
import { PostgresEventStore } from '../postgres-event-store.js';
import { projectedRows, recordingProjection } from '../testing/recording-projection.fixture.js';
import type { ProjectionDefinition } from './projection.types.js';
import { ProjectionDaemon } from './projection-daemon.js';
import { ProjectionRunner } from './projection-runner.js';

// Short in CI; `npm run test:stress` runs the long form.
const LONG = process.env.IYS_STRESS_LONG === '1';
const WRITERS = 16;
const APPENDS_PER_WRITER = LONG ? 400 : 25;

class DeliberateRollback extends Error {}

/**
 * Commits of random length and random rollbacks, interleaved across 16 writers while the daemon
 * projects concurrently: the situation in which sequence-only and gap-timeout stores skip events.
 */
const chaos: ProjectionDefinition = {
  name: 'chaos',
  version: 1,
  inline: true,
  async handle(events) {
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 4));
    if (events.some((e) => e.data.rollback === true)) throw new DeliberateRollback();
  },
  async reset() {},
};

describe('event store under concurrent writers', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(eventStoreMigrations, WRITERS + 6);
  });
  afterAll(() => db.drop());

  it(`delivers every committed event to every projection exactly once, in stream order (${WRITERS}×${APPENDS_PER_WRITER} appends)`, async () => {
    const store = new PostgresEventStore({ pool: db.pool, inlineProjections: [chaos] });
    const runner = new ProjectionRunner(db.pool, store, { batchSize: 37 });
    const projections = [await recordingProjection(db.pool, 'stress-a'), await recordingProjection(db.pool, 'stress-b')];
    const daemon = new ProjectionDaemon(db.pool, runner, projections, { pollMs: 200 });
    await daemon.start();

    const committed = new Set<string>();
    let rolledBack = 0;
    const writer = async () => {
      const streams = [randomUUID(), randomUUID(), randomUUID()].map((id) => `stress-${id}`);
      for (let i = 0; i < APPENDS_PER_WRITER; i++) {
        const streamId = streams[i % streams.length];
        const rollback = Math.random() < 0.2;
        const events = Array.from({ length: 1 + (i % 3) }, (_, n) => ({ type: 'test.ThingHappened', data: { i, n, rollback } }));
        try {
          const result = await store.append({ streamId, expectedVersion: 'any', events });
          result.eventIds.forEach((id) => committed.add(id));
        } catch (error) {
          if (!(error instanceof DeliberateRollback)) throw error;
          rolledBack += 1;
        }
      }
    };
    try {
      await Promise.all(Array.from({ length: WRITERS }, writer));
      for (const projection of projections) {
        await runner.waitUntilCaughtUp(projection, { timeoutMs: 30_000 });
      }
    } finally {
      await daemon.stop();
    }

    expect(rolledBack).toBeGreaterThan(0);
    for (const projection of projections) {
      const rows = await projectedRows(db.pool, projection.table);
      expect(rows).toHaveLength(committed.size);
      expect(new Set(rows.map((r) => r.event_id))).toEqual(committed);
      const lastPosition = new Map<string, number>();
      for (const row of rows) {
        expect(row.stream_position).toBe((lastPosition.get(row.stream_id) ?? 0) + 1);
        lastPosition.set(row.stream_id, row.stream_position);
      }
    }
  });
});
