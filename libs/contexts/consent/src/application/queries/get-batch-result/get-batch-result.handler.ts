import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type pg from 'pg';
import { formatIysDateTime } from '@iys/platform/building-blocks';
import { IysHttpException, iysErrorItem, PG_POOL } from '@iys/platform/nest';
import { GetBatchResultQuery } from './get-batch-result.query.js';

/** One item of İYS's C4 answer; index is 1-based (iys-api.md Part A 4). */
export interface BatchItemResult {
  index: number;
  status: 'enqueue' | 'success' | 'failure';
  subrequestId: string;
  transactionId?: string;
  creationDate?: string;
  error?: { code: string; message: string };
  requestId?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** C4: the state of every item of a batch this brand submitted. */
@QueryHandler(GetBatchResultQuery)
export class GetBatchResultHandler implements IQueryHandler<GetBatchResultQuery, BatchItemResult[]> {
  constructor(@Inject(PG_POOL) private readonly pool: pg.Pool) {}

  async execute({ iysCode, brandCode, requestId, v2 }: GetBatchResultQuery): Promise<BatchItemResult[]> {
    checkRequestId(requestId);
    const { rows } = await this.pool.query<{
      index: number;
      status: BatchItemResult['status'];
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
    if (rows.length === 0) throw new IysHttpException(422, [iysErrorItem('H093', { params: { requestId }, location: ['requestId'] })]);
    return rows.map((row) => ({
      index: row.index,
      status: row.status,
      subrequestId: row.subrequest_id,
      ...(row.transaction_id ? { transactionId: row.transaction_id } : {}),
      ...(row.creation_date ? { creationDate: formatIysDateTime(row.creation_date) } : {}),
      ...(row.error ? { error: row.error } : {}),
      ...(v2 ? { requestId } : {}),
    }));
  }
}

/** İYS's requestId rules (H198, H199, H400); anything else that is not one of our UUIDs is unknown (H093). */
function checkRequestId(requestId: string): void {
  const problem = requestId.length > 36 ? 'H198' : /^[A-Za-z]+$/.test(requestId) ? 'H199' : /^[0-9]+$/.test(requestId) ? 'H400' : undefined;
  if (problem) throw new IysHttpException(422, [iysErrorItem(problem, { location: ['requestId'] })]);
  // Only an id of our own shape is echoed in the message; anything else could be personal data.
  if (!UUID.test(requestId)) throw new IysHttpException(422, [iysErrorItem('H093', { params: { requestId: 'requestId' }, location: ['requestId'] })]);
}
