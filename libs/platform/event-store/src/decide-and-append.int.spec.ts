import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { DomainError, type Decider } from '@iys/platform/building-blocks';
import { createTestDatabase, type TestDatabase } from '@iys/platform/testing';
import { decideAndAppend, handleCommand } from './decide-and-append.js';
import { eventStoreMigrations } from './index.js';
import { PostgresEventStore } from './postgres-event-store.js';
import type { ProjectionDefinition } from './projections/projection.types.js';

/** A counter that refuses to pass its limit: enough to exercise every path of the primitive. */
type Add = { by: number; limit: number };
type Added = { type: 'test.CounterAdded'; data: { by: number } };
const counter: Decider<Add, Added, { total: number }> = {
  initialState: () => ({ total: 0 }),
  decide: ({ by, limit }, { total }) => {
    if (total + by > limit) throw new DomainError('H999', 'over the limit', ['by']);
    return by === 0 ? [] : [{ type: 'test.CounterAdded', data: { by } }];
  },
  evolve: ({ total }, event) => ({ total: total + event.data.by }),
};
const counterStream = () => `counter-${randomUUID()}`;
const add = (streamId: string, by: number, extra: { commandId?: string; limit?: number } = {}) => ({
  streamId,
  decider: counter,
  command: { by, limit: extra.limit ?? 100 },
  commandId: extra.commandId,
});

describe('decideAndAppend', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let projected: number;

  beforeAll(async () => {
    db = await createTestDatabase(eventStoreMigrations, 12);
    const counting: ProjectionDefinition = {
      name: 'counting',
      version: 1,
      inline: true,
      eventTypes: ['test.CounterAdded'],
      handle: async (events) => {
        projected += events.length;
      },
      reset: async () => undefined,
    };
    store = new PostgresEventStore({ pool: db.pool, inlineProjections: [counting] });
    projected = 0;
  });
  afterAll(() => db.drop());

  it('decides each item alone and writes the accepted ones in one transaction, with per-item outcomes', async () => {
    const [a, b, c] = [counterStream(), counterStream(), counterStream()];
    await handleCommand(store, counter, b, { by: 9, limit: 10 });
    const before = projected;
    const outcomes = await decideAndAppend(store, [add(a, 3), add(b, 5, { limit: 10 }), add(c, 0)]);
    expect(outcomes.map((o) => o.ok)).toEqual([true, false, true]);
    expect(outcomes[0]).toMatchObject({ ok: true, state: { total: 3 }, events: [{ type: 'test.CounterAdded', data: { by: 3 } }] });
    expect(outcomes[1]).toMatchObject({ ok: false, error: { code: 'H999' } });
    expect(outcomes[2]).toMatchObject({ ok: true, state: { total: 0 }, events: [], result: { nextExpectedVersion: 0 } });
    const a1 = outcomes[0].ok ? outcomes[0].result : undefined;
    expect(a1?.globalPositions).toHaveLength(1);
    expect((await store.readStream(a)).map((e) => e.data.by)).toEqual([3]);
    expect(await store.streamVersion(b)).toBe(1);
    expect(await store.streamVersion(c)).toBe(0);
    expect(projected - before).toBe(1); // the inline projection saw the write in its transaction
  });

  it('decides a stream declared new without reading it, and re-decides on the real state if it was not new', async () => {
    const [fresh, existing] = [counterStream(), counterStream()];
    await handleCommand(store, counter, existing, { by: 8, limit: 10 });
    const outcomes = await decideAndAppend(store, [
      { ...add(fresh, 2), knownNew: true },
      // Wrongly declared new: deciding on the initial state would accept +5; the real state (8) refuses it.
      { ...add(existing, 5, { limit: 10 }), knownNew: true },
    ]);
    expect(outcomes[0]).toMatchObject({ ok: true, state: { total: 2 } });
    expect(outcomes[1]).toMatchObject({ ok: false, error: { code: 'H999' } });
    expect(await store.streamVersion(existing)).toBe(1);
    expect((await store.readStream(fresh)).map((e) => e.data.by)).toEqual([2]);
  });

  it('writes nothing at all when atomic and one decision is refused', async () => {
    const [a, b] = [counterStream(), counterStream()];
    await expect(decideAndAppend(store, [add(a, 1), add(b, 200)], { atomic: true })).rejects.toMatchObject({ code: 'H999' });
    expect(await store.streamVersion(a)).toBe(0);
  });

  it('returns the first outcome for a command id it has seen, without deciding again', async () => {
    const a = counterStream();
    const first = await decideAndAppend(store, [add(a, 4, { commandId: `cmd-${a}` })]);
    const again = await decideAndAppend(store, [add(a, 4, { commandId: `cmd-${a}` })]);
    expect(again[0]).toMatchObject({ ok: true, state: { total: 4 }, events: [], result: { duplicate: true } });
    expect(again[0].ok && first[0].ok && again[0].result.eventIds).toEqual(first[0].ok ? first[0].result.eventIds : []);
    expect(await store.streamVersion(a)).toBe(1);
  });

  it('re-decides on the fresh state when concurrent writers race, so no stale decision is written', async () => {
    const a = counterStream();
    // 8 writers each add 1 under a limit of 5: exactly 5 succeed, however they interleave.
    const outcomes = await Promise.all(Array.from({ length: 8 }, () => decideAndAppend(store, [add(a, 1, { limit: 5 })], { maxRetries: 20 })));
    expect(outcomes.filter(([o]) => o.ok)).toHaveLength(5);
    expect(outcomes.filter(([o]) => !o.ok)).toHaveLength(3);
    expect(await store.streamVersion(a)).toBe(5);
  });

  it('refuses the same stream twice in one call', async () => {
    const a = counterStream();
    await expect(decideAndAppend(store, [add(a, 1), add(a, 2)])).rejects.toThrow(/appears twice/);
  });
});
