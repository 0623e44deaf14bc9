import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { inTransaction } from '@iys/platform/database';
import { eventStoreMigrations } from '@iys/platform/event-store';
import { outboxMigrations } from '@iys/platform/outbox';
import { createTestDatabase, type TestDatabase } from '@iys/platform/testing';
import type { QueuedRequest } from '../../application/batch/batch-queue.port.js';
import { consentMigrations } from '../../index.js';
import { PostgresBatchQueue } from './postgres-batch-queue.js';

/**
 * The grouped worker's side of the BatchQueue (ADR 0059) on real PostgreSQL: which requests a group
 * takes (only those named, only those still open, the locks another instance holds left out), and
 * that each item's outcome and each request's completion are written where they belong, in the
 * transaction given, or not at all.
 */
describe('PostgresBatchQueue: the grouped worker’s reads and writes (real PostgreSQL)', () => {
  let db: TestDatabase;
  let queue: PostgresBatchQueue;
  const receivedAt = new Date('2026-03-02T07:00:00.000Z');
  const request = (items: QueuedRequest['items']): QueuedRequest => ({
    requestId: randomUUID(),
    kind: 'consent',
    iysCode: 700001,
    brandCode: 700002,
    actor: { actorKind: 'service-provider', actorId: 'u-1' },
    receivedAt,
    items,
  });
  const item = (n: number) => ({ subrequestId: randomUUID(), command: { recipientId: `r-${n}`, type: 'MESAJ' } });
  const refused = { subrequestId: randomUUID(), error: { code: 'H174', message: 'refused at acceptance' } };

  beforeAll(async () => {
    db = await createTestDatabase([...eventStoreMigrations, ...outboxMigrations, ...consentMigrations]);
    queue = new PostgresBatchQueue(db.pool);
  });
  afterAll(async () => db?.drop());

  it('reads, locks, records and completes only the group’s open requests', async () => {
    const a = request([item(1), refused, item(3)]);
    const b = request([item(4)]);
    const done = request([item(5)]);
    const outside = request([item(6)]);
    for (const r of [a, b, done, outside]) await queue.enqueue(r);
    await queue.complete(done.requestId, new Date('2026-03-02T07:00:01.000Z'));

    // The group's items: its open requests only, queued items only, in index order.
    const open = await queue.queuedItemsOfOpen([a.requestId, b.requestId, done.requestId]);
    expect([...open.keys()].sort()).toEqual([a.requestId, b.requestId].sort());
    expect(open.get(a.requestId)).toEqual([
      { index: 1, command: a.items[0].command },
      { index: 3, command: a.items[2].command },
    ]);
    expect(open.get(b.requestId)).toEqual([{ index: 1, command: b.items[0].command }]);

    // Locks: the one another instance holds is left out; those taken are released afterwards.
    const other = await db.pool.connect();
    const key = (id: string) => `consent-batch:${id}`;
    try {
      await other.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [key(b.requestId)]);
      const locked = await queue.withRequestLocks([a.requestId, b.requestId], async (ids) => ids);
      expect(locked).toEqual([a.requestId]);
      const free = await other.query<{ taken: boolean }>('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS taken', [key(a.requestId)]);
      expect(free.rows[0].taken).toBe(true);
    } finally {
      await other.query('SELECT pg_advisory_unlock_all()');
      other.release();
    }

    const outcomes = [
      { requestId: a.requestId, index: 1, ok: true as const, transactionId: randomUUID(), creationDate: new Date('2026-03-02T07:00:02.000Z') },
      { requestId: a.requestId, index: 3, ok: false as const, error: { code: 'H175', message: 'refused by the decider' } },
      { requestId: b.requestId, index: 1, ok: true as const, transactionId: randomUUID(), creationDate: new Date('2026-03-02T07:00:02.000Z') },
    ];
    const at = new Date('2026-03-02T07:00:03.000Z');

    // In a transaction that does not commit, nothing is written.
    await expect(
      inTransaction(db.pool, async (tx) => {
        await queue.recordOutcomes(outcomes, tx);
        expect(await queue.completeOpen([a.requestId, b.requestId], at, tx)).toBe(2);
        throw new Error('the append failed');
      }),
    ).rejects.toThrow('the append failed');
    expect((await queue.itemsOf(a.requestId, a.iysCode, a.brandCode)).map((i) => i.status)).toEqual(['enqueue', 'failure', 'enqueue']);
    expect(await queue.isOpen(a.requestId)).toBe(true);

    // Committed: each outcome on its own item, the refused-at-acceptance one untouched; a request
    // already completed is not completed again (the count tells the worker of a race).
    const completed = await inTransaction(db.pool, async (tx) => {
      await queue.recordOutcomes(outcomes, tx);
      return queue.completeOpen([a.requestId, b.requestId, done.requestId], at, tx);
    });
    expect(completed).toBe(2);
    expect(await queue.itemsOf(a.requestId, a.iysCode, a.brandCode)).toEqual([
      { index: 1, status: 'success', subrequestId: a.items[0].subrequestId, transactionId: outcomes[0].ok ? outcomes[0].transactionId : null, creationDate: outcomes[0].ok ? outcomes[0].creationDate : null, error: null },
      { index: 2, status: 'failure', subrequestId: refused.subrequestId, transactionId: null, creationDate: null, error: refused.error },
      { index: 3, status: 'failure', subrequestId: a.items[2].subrequestId, transactionId: null, creationDate: null, error: { code: 'H175', message: 'refused by the decider' } },
    ]);
    expect((await queue.itemsOf(b.requestId, b.iysCode, b.brandCode)).map((i) => i.status)).toEqual(['success']);
    expect((await queue.itemsOf(outside.requestId, outside.iysCode, outside.brandCode)).map((i) => i.status)).toEqual(['enqueue']);
    const { rows } = await db.pool.query<{ request_id: string; completed_at: Date }>('SELECT request_id, completed_at FROM consent.batch_requests WHERE completed_at IS NOT NULL');
    expect(new Map(rows.map((row) => [row.request_id, row.completed_at.toISOString()]))).toEqual(
      new Map([
        [a.requestId, at.toISOString()],
        [b.requestId, at.toISOString()],
        [done.requestId, '2026-03-02T07:00:01.000Z'],
      ]),
    );
    expect((await queue.pending(10)).map((p) => p.requestId)).toEqual([outside.requestId]);
    expect(await queue.queuedItemsOfOpen([a.requestId, b.requestId])).toEqual(new Map());
  });
});
