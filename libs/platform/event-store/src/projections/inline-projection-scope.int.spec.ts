import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@iys/platform/testing';
import { eventStoreMigrations } from '../index.js';
import { PostgresEventStore } from '../postgres-event-store.js';
import type { ProjectionDefinition } from './projection.types.js';

/** A context's inline projection with a bug: every append it runs in fails. */
const brokenProjection: ProjectionDefinition = {
  name: 'billing.broken',
  version: 1,
  inline: true,
  categories: ['invoice'],
  async handle() {
    throw new Error('bug in the billing read model');
  },
  async reset() {},
};

/** Another context's inline projection, which must keep seeing its own appends. */
const seen: string[] = [];
const ordersProjection: ProjectionDefinition = {
  name: 'orders.placed',
  version: 1,
  inline: true,
  categories: ['order'],
  async handle(events) {
    seen.push(...events.map((event) => event.streamId));
  },
  async reset() {},
};

describe('inline projections (docs/adr/0052)', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;

  beforeAll(async () => {
    db = await createTestDatabase(eventStoreMigrations, 2);
    store = new PostgresEventStore({ pool: db.pool, inlineProjections: [brokenProjection, ordersProjection] });
  });
  afterAll(() => db.drop());

  it("run only in appends to their own categories: one context's failing projection does not block another's append", async () => {
    const order = `order-${randomUUID()}`;
    await store.append({ streamId: order, expectedVersion: 'no_stream', events: [{ type: 'orders.OrderPlaced', data: {} }] });
    expect(seen).toEqual([order]);
    expect(await store.readStream(order)).toHaveLength(1);
  });

  it("still fail their own context's append, which then writes nothing", async () => {
    const invoice = `invoice-${randomUUID()}`;
    await expect(store.append({ streamId: invoice, expectedVersion: 'no_stream', events: [{ type: 'billing.InvoiceIssued', data: {} }] })).rejects.toThrow(
      'bug in the billing read model',
    );
    expect(await store.readStream(invoice)).toHaveLength(0);
  });
});
