import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestDatabase, waitUntil, type TestDatabase } from '@iys/platform/testing';
import { NotifiedWorkLoop } from './notified-work-loop.js';

describe('NotifiedWorkLoop', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase([]);
  });
  afterAll(() => db.drop());

  it('runs a pass on every notification, never two at once, and stops after the pass in flight', async () => {
    let passes = 0;
    let concurrent = 0;
    let maxConcurrent = 0;
    const loop = new NotifiedWorkLoop(db.pool, {
      channel: 'loop_test',
      pollMs: 60_000,
      work: async () => {
        concurrent += 1;
        maxConcurrent = Math.max(maxConcurrent, concurrent);
        passes += 1;
        await new Promise((resolve) => setImmediate(resolve));
        concurrent -= 1;
      },
      onError: () => undefined,
    });
    await loop.start();
    await waitUntil(async () => passes, (n) => n >= 1, { description: 'first pass' });
    for (let i = 0; i < 5; i++) await db.pool.query(`NOTIFY loop_test`);
    await waitUntil(async () => passes, (n) => n >= 2, { description: 'a pass after the notifications' });
    await loop.stop();
    const after = passes;
    await db.pool.query(`NOTIFY loop_test`);
    await db.pool.query('SELECT 1');
    expect(maxConcurrent).toBe(1);
    expect(passes).toBe(after);
  });

  it('looks again by itself while work reports it is behind, and after a failed pass', async () => {
    let passes = 0;
    const errors: unknown[] = [];
    const loop = new NotifiedWorkLoop(db.pool, {
      channel: 'loop_test_behind',
      pollMs: 60_000,
      work: async () => {
        passes += 1;
        if (passes === 2) throw new Error('transient');
        return passes < 4;
      },
      onError: (error) => errors.push(error),
    });
    await loop.start();
    // No notification and a one-minute poll: only the back-off retries can reach a fourth pass.
    await waitUntil(async () => passes, (n) => n >= 4, { description: 'retries while behind' });
    await loop.stop();
    expect(errors).toHaveLength(1);
  });
});
