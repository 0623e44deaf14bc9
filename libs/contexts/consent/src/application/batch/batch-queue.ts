import type pg from 'pg';
import { inTransaction } from '@iys/platform/database';
import { BATCH_CHANNEL } from './consent-batch.worker.js';

/** One accepted item: its command for the worker, or the error it already failed with. */
export type QueuedItem = { subrequestId: string; command: object; error?: undefined } | { subrequestId: string; command?: undefined; error: { code: string; message: string } };

export interface QueuedRequest {
  requestId: string;
  kind: 'consent' | 'retailer-access';
  iysCode: number;
  brandCode: number;
  actor: { actorKind: string; actorId: string };
  receivedAt: Date;
  items: QueuedItem[];
}

/**
 * Stores an accepted request durably (consent.batch_requests / batch_items) and wakes the worker, in
 * one transaction: once this returns, a crash loses nothing. Items are 1-based (Part A 4).
 */
export async function enqueueBatch(pool: pg.Pool, request: QueuedRequest): Promise<void> {
  const { items } = request;
  await inTransaction(pool, async (tx) => {
    await tx.query(
      `INSERT INTO consent.batch_requests (request_id, kind, iys_code, brand_code, item_count, actor, received_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [request.requestId, request.kind, request.iysCode, request.brandCode, items.length, JSON.stringify(request.actor), request.receivedAt],
    );
    await tx.query(
      `INSERT INTO consent.batch_items (request_id, index, subrequest_id, command, status, error)
       SELECT $1, n.index, n.subrequest_id, n.command, n.status, n.error
         FROM unnest($2::int[], $3::uuid[], $4::jsonb[], $5::text[], $6::jsonb[]) AS n(index, subrequest_id, command, status, error)`,
      [
        request.requestId,
        items.map((_, i) => i + 1),
        items.map((item) => item.subrequestId),
        items.map((item) => (item.command ? JSON.stringify(item.command) : null)),
        items.map((item) => (item.error ? 'failure' : 'enqueue')),
        items.map((item) => (item.error ? JSON.stringify(item.error) : null)),
      ],
    );
    await tx.query(`SELECT pg_notify('${BATCH_CHANNEL}', $1)`, [request.requestId]);
  });
}
