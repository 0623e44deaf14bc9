import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { formatIysDateTime } from '@iys/platform/building-blocks';
import { PostgresEventStore } from '@iys/platform/event-store';
import type { UploadRowProblem } from '../../../domain/consent-upload.decider.js';
import { BATCH_QUEUE, type BatchQueue } from '../../batch/batch-queue.port.js';
import { readUpload } from '../../consent-upload-streams.js';
import { GetConsentUploadQuery } from './get-consent-upload.query.js';

/** One row's outcome: refused before submission, waiting in its batch, or written (with its transaction) or failed by the worker. */
export interface UploadRowOutcome {
  row: number;
  status: 'refused' | 'enqueue' | 'success' | 'failure';
  code?: string;
  message?: string;
  transactionId?: string;
  creationDate?: string;
  requestId?: string;
}

export interface ConsentUploadView {
  uploadId: string;
  status: 'staged' | 'submitted';
  rowCount: number;
  /** The preview (staged) or the problems found at submission. */
  problems: UploadRowProblem[];
  progress: { succeeded: number; failed: number; refused: number; pending: number; done: boolean };
  /** Every row's outcome in row order, once submitted (empty before). */
  outcomes: UploadRowOutcome[];
}

/** Reads the upload's stream and, through C4's own store, the items of its batches. */
@QueryHandler(GetConsentUploadQuery)
export class GetConsentUploadHandler implements IQueryHandler<GetConsentUploadQuery, ConsentUploadView> {
  constructor(
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(BATCH_QUEUE) private readonly batches: BatchQueue,
  ) {}

  async execute({ iysCode, brandCode, uploadId }: GetConsentUploadQuery): Promise<ConsentUploadView> {
    const { staged, submitted, batches } = await readUpload(this.store, uploadId, iysCode, brandCode);
    const { rowCount } = staged;
    if (!submitted) {
      return { uploadId, status: 'staged', rowCount, problems: staged.problems, progress: { succeeded: 0, failed: 0, refused: 0, pending: rowCount, done: false }, outcomes: [] };
    }
    const outcomes: UploadRowOutcome[] = submitted.problems.map((p) => ({ row: p.row, status: 'refused', code: p.code, message: p.message }));
    for (const batch of batches) {
      const items = await this.batches.itemsOf(batch.requestId, iysCode, brandCode);
      for (const item of items) {
        outcomes.push({
          row: batch.rows[item.index - 1]!,
          status: item.status,
          ...(item.error ? { code: item.error.code, message: item.error.message } : {}),
          ...(item.transactionId ? { transactionId: item.transactionId } : {}),
          ...(item.creationDate ? { creationDate: formatIysDateTime(item.creationDate) } : {}),
          requestId: batch.requestId,
        });
      }
    }
    outcomes.sort((a, b) => a.row - b.row);
    const count = (status: UploadRowOutcome['status']) => outcomes.filter((o) => o.status === status).length;
    const [succeeded, failed, refused] = [count('success'), count('failure'), count('refused')];
    const pending = rowCount - succeeded - failed - refused;
    return { uploadId, status: 'submitted', rowCount, problems: submitted.problems, progress: { succeeded, failed, refused, pending, done: pending === 0 }, outcomes };
  }
}
