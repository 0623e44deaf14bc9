import type { AppendTransaction } from '../consent-registrar.js';

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

/** An accepted request not completed yet, as the worker takes it. */
export interface PendingRequest {
  requestId: string;
  kind: 'consent' | 'retailer-access';
  receivedAt: Date;
  iysCode: number;
  brandCode: number;
  actor: { actorKind: string; actorId: string };
}

/** The outcome of one applied item of a request. */
export type ItemOutcome =
  | { requestId: string; index: number; ok: true; transactionId: string; creationDate: Date }
  | { requestId: string; index: number; ok: false; error: { code: string; message: string } };

export interface BatchQueue {
  enqueue(request: QueuedRequest): Promise<void>;
  /** The items of a request this brand submitted, in index order (none if it is not theirs). */
  itemsOf(requestId: string, iysCode: number, brandCode: number): Promise<StoredBatchItem[]>;
  /** The worker's side: the oldest `limit` requests not completed, in the order received. */
  pending(limit: number): Promise<PendingRequest[]>;
  /**
   * Runs `work` holding the request's lock (one instance at a time works on a request); undefined,
   * without running it, when another holds it. The lock is released whatever `work` does.
   */
  withRequestLock<T>(requestId: string, work: () => Promise<T>): Promise<T | undefined>;
  /**
   * Runs `work` with the ids of the requests whose locks it could take (in the order given; the
   * others are held by another instance). The locks taken are released whatever `work` does.
   */
  withRequestLocks<T>(requestIds: readonly string[], work: (locked: readonly string[]) => Promise<T>): Promise<T>;
  /** Whether the request is still to be completed (another instance may have finished it). */
  isOpen(requestId: string): Promise<boolean>;
  /** Its items still queued, in index order, with their commands. */
  queuedItems(requestId: string): Promise<{ index: number; command: object }[]>;
  /**
   * Of these requests, those not completed, each with its items still queued (in index order, possibly
   * none); a request completed meanwhile is absent.
   */
  queuedItemsOfOpen(requestIds: readonly string[]): Promise<Map<string, { index: number; command: object }[]>>;
  /** Writes the items' outcomes, in the append's transaction when one is given. */
  recordOutcomes(outcomes: readonly ItemOutcome[], tx?: AppendTransaction): Promise<void>;
  complete(requestId: string, at: Date): Promise<void>;
  /** Completes those of the requests not completed yet, in the append's transaction; returns how many it completed. */
  completeOpen(requestIds: readonly string[], at: Date, tx: AppendTransaction): Promise<number>;
}

export const BATCH_QUEUE = Symbol('BATCH_QUEUE');
