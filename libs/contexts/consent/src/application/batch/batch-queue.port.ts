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
 * Where accepted batch requests wait for the worker: stored durably (consent.batch_requests /
 * batch_items) with the worker woken, in one transaction; once `enqueue` returns, a crash loses
 * nothing. Items are 1-based (Part A 4). Implemented in infrastructure (docs/adr/0052).
 */
/** One stored item of a request, as C4 reports it. */
export interface StoredBatchItem {
  index: number;
  status: 'enqueue' | 'success' | 'failure';
  subrequestId: string;
  transactionId: string | null;
  creationDate: Date | null;
  error: { code: string; message: string } | null;
}

export interface BatchQueue {
  enqueue(request: QueuedRequest): Promise<void>;
  /** The items of a request this brand submitted, in index order (none if it is not theirs). */
  itemsOf(requestId: string, iysCode: number, brandCode: number): Promise<StoredBatchItem[]>;
}

export const BATCH_QUEUE = Symbol('BATCH_QUEUE');
