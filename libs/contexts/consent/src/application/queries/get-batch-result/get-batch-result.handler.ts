import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { formatIysDateTime } from '@iys/platform/building-blocks';
import { IysHttpException, iysErrorItem } from '@iys/platform/nest';
import { BATCH_QUEUE, type BatchQueue } from '../../batch/batch-queue.port.js';
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
  constructor(@Inject(BATCH_QUEUE) private readonly reads: BatchQueue) {}

  async execute({ iysCode, brandCode, requestId, v2 }: GetBatchResultQuery): Promise<BatchItemResult[]> {
    checkRequestId(requestId);
    const rows = await this.reads.itemsOf(requestId, iysCode, brandCode);
    if (rows.length === 0) throw new IysHttpException(422, [iysErrorItem('H093', { params: { requestId }, location: ['requestId'] })]);
    return rows.map((row) => ({
      index: row.index,
      status: row.status,
      subrequestId: row.subrequestId,
      ...(row.transactionId ? { transactionId: row.transactionId } : {}),
      ...(row.creationDate ? { creationDate: formatIysDateTime(row.creationDate) } : {}),
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
