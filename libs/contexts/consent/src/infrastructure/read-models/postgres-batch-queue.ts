import { Inject, Injectable } from '@nestjs/common';
import type pg from 'pg';
import { inTransaction } from '@iys/platform/database';
import { PG_POOL } from '@iys/platform/nest';
import type { BatchQueue, QueuedRequest, StoredBatchItem } from '../../application/batch/batch-queue.port.js';
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
}
