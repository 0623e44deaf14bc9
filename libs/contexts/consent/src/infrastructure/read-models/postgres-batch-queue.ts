import { Inject, Injectable } from '@nestjs/common';
import type pg from 'pg';
import { inTransaction, type SqlExecutor } from '@iys/platform/database';
import { PG_POOL } from '@iys/platform/nest';
import type { BatchQueue, ItemOutcome, PendingRequest, QueuedRequest, StoredBatchItem } from '../../application/batch/batch-queue.port.js';
import { BATCH_CHANNEL } from '../../application/batch/consent-batch.worker.js';

/** The BatchQueue port over consent.batch_requests / batch_items, waking the worker by NOTIFY. */
@Injectable()
export class PostgresBatchQueue implements BatchQueue {
  constructor(@Inject(PG_POOL) private readonly pool: pg.Pool) {}

  async enqueue(request: QueuedRequest): Promise<void> {
    const { items } = request;
    await inTransaction(this.pool, async (tx) => {
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

  async itemsOf(requestId: string, iysCode: number, brandCode: number): Promise<StoredBatchItem[]> {
    const { rows } = await this.pool.query<{
      index: number;
      status: StoredBatchItem['status'];
      subrequest_id: string;
      transaction_id: string | null;
      creation_date: Date | null;
      error: { code: string; message: string } | null;
    }>(
      `SELECT i.index, i.status, i.subrequest_id, i.transaction_id, i.creation_date, i.error
         FROM consent.batch_items i JOIN consent.batch_requests r USING (request_id)
        WHERE r.request_id = $1 AND r.iys_code = $2 AND r.brand_code = $3
        ORDER BY i.index`,
      [requestId, iysCode, brandCode],
    );
    return rows.map((row) => ({
      index: row.index,
      status: row.status,
      subrequestId: row.subrequest_id,
      transactionId: row.transaction_id,
      creationDate: row.creation_date,
      error: row.error,
    }));
  }

  async pending(limit: number): Promise<PendingRequest[]> {
    const { rows } = await this.pool.query<{
      request_id: string;
      kind: PendingRequest['kind'];
      received_at: Date;
      iys_code: number;
      brand_code: number;
      actor: PendingRequest['actor'];
    }>(`SELECT request_id, kind, iys_code, brand_code, actor, received_at FROM consent.batch_requests WHERE completed_at IS NULL ORDER BY received_at LIMIT $1`, [limit]);
    return rows.map((row) => ({ requestId: row.request_id, kind: row.kind, receivedAt: row.received_at, iysCode: row.iys_code, brandCode: row.brand_code, actor: row.actor }));
  }

  async withRequestLock<T>(requestId: string, work: () => Promise<T>): Promise<T | undefined> {
    const lock = await this.pool.connect();
    try {
      const { rows } = await lock.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked`, [`consent-batch:${requestId}`]);
      if (!rows[0].locked) return undefined;
      try {
        return await work();
      } finally {
        await lock.query(`SELECT pg_advisory_unlock(hashtextextended($1, 0))`, [`consent-batch:${requestId}`]);
      }
    } finally {
      lock.release();
    }
  }

  async withRequestLocks<T>(requestIds: readonly string[], work: (locked: readonly string[]) => Promise<T>): Promise<T> {
    const lock = await this.pool.connect();
    try {
      const { rows } = await lock.query<{ key: string; locked: boolean }>(
        `SELECT key, pg_try_advisory_lock(hashtextextended(key, 0)) AS locked FROM unnest($1::text[]) WITH ORDINALITY AS k(key, n) ORDER BY n`,
        [requestIds.map((id) => `consent-batch:${id}`)],
      );
      try {
        return await work(requestIds.filter((_, i) => rows[i].locked));
      } finally {
        await lock.query(`SELECT pg_advisory_unlock(hashtextextended(key, 0)) FROM unnest($1::text[]) AS key`, [rows.filter((r) => r.locked).map((r) => r.key)]);
      }
    } finally {
      lock.release();
    }
  }

  async isOpen(requestId: string): Promise<boolean> {
    const { rowCount } = await this.pool.query('SELECT 1 FROM consent.batch_requests WHERE request_id = $1 AND completed_at IS NULL', [requestId]);
    return (rowCount ?? 0) > 0;
  }

  async queuedItems(requestId: string): Promise<{ index: number; command: object }[]> {
    const { rows } = await this.pool.query<{ index: number; command: object }>(
      `SELECT index, command FROM consent.batch_items WHERE request_id = $1 AND status = 'enqueue' ORDER BY index`,
      [requestId],
    );
    return rows;
  }

  async queuedItemsOfOpen(requestIds: readonly string[]): Promise<Map<string, { index: number; command: object }[]>> {
    const { rows } = await this.pool.query<{ request_id: string; index: number | null; command: object | null }>(
      `SELECT r.request_id, i.index, i.command FROM consent.batch_requests r
         LEFT JOIN consent.batch_items i ON i.request_id = r.request_id AND i.status = 'enqueue'
        WHERE r.request_id = ANY($1::uuid[]) AND r.completed_at IS NULL
        ORDER BY r.received_at, r.request_id, i.index`,
      [requestIds],
    );
    const open = new Map<string, { index: number; command: object }[]>();
    for (const row of rows) {
      const items = open.get(row.request_id) ?? [];
      if (row.index !== null && row.command) items.push({ index: row.index, command: row.command });
      open.set(row.request_id, items);
    }
    return open;
  }

  async recordOutcomes(outcomes: readonly ItemOutcome[], tx: SqlExecutor = this.pool): Promise<void> {
    if (outcomes.length === 0) return;
    await tx.query(
      `UPDATE consent.batch_items i SET status = n.status, transaction_id = n.transaction_id, creation_date = n.creation_date, error = n.error
         FROM unnest($1::uuid[], $2::int[], $3::text[], $4::uuid[], $5::timestamptz[], $6::jsonb[]) AS n(request_id, index, status, transaction_id, creation_date, error)
        WHERE i.request_id = n.request_id AND i.index = n.index`,
      [
        outcomes.map((o) => o.requestId),
        outcomes.map((o) => o.index),
        outcomes.map((o) => (o.ok ? 'success' : 'failure')),
        outcomes.map((o) => (o.ok ? o.transactionId : null)),
        outcomes.map((o) => (o.ok ? o.creationDate : null)),
        outcomes.map((o) => (o.ok ? null : JSON.stringify({ code: o.error.code, message: o.error.message }))),
      ],
    );
  }

  async complete(requestId: string, at: Date): Promise<void> {
    await this.pool.query('UPDATE consent.batch_requests SET completed_at = $2 WHERE request_id = $1', [requestId, at]);
  }

  async completeOpen(requestIds: readonly string[], at: Date, tx: SqlExecutor): Promise<number> {
    const { rowCount } = await tx.query('UPDATE consent.batch_requests SET completed_at = $2 WHERE request_id = ANY($1::uuid[]) AND completed_at IS NULL', [requestIds, at]);
    return rowCount ?? 0;
  }
}
