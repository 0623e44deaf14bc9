import type { QueueFilter } from './queries/list-complaint-queue/list-complaint-queue.query.js';

/** A row of the complaints read model. */
export interface ComplaintRow {
  complaint_id: string;
  account_id: string;
  recipient_id: string;
  channel: string;
  recipient_type: string;
  sender_id: string;
  picked_brand_code: number | null;
  iys_code: number | null;
  brand_code: number | null;
  message_at: Date;
  province: number;
  status: string;
  assessment: string | null;
  evidence_state: string | null;
  subjects: string[];
  filed_via: string;
  checked_first: boolean;
  inspector_id: string | null;
  defense_deadline: Date | null;
  overdue: boolean;
  defense_at: Date | null;
  outcome: string | null;
  fine_amount: string | null;
  filed_at: Date;
  decided_at: Date | null;
  updated_at: Date;
}

/** What bounds a queue page before the caller's filter: an authority user's province, a provider's code. */
export interface QueueScope {
  province?: number;
  iysCode?: number;
}

/**
 * The complaints read model and the authority scopes, read by id or page by page: plain CRUD, served
 * by TypeORM repositories (ADR 0049).
 */
export interface ComplaintRecords {
  byId(complaintId: string): Promise<ComplaintRow | undefined>;
  /** The page of `filter` within `scope`, and whether another page follows (one statement: the page and one row more). */
  page(scope: QueueScope, filter: QueueFilter): Promise<{ rows: ComplaintRow[]; more: boolean }>;
  /** An account's complaints, newest first. */
  ofAccount(accountId: string, limit: number): Promise<ComplaintRow[]>;
  /** An authority user's scope (province null: the ministry), undefined for a user without one. */
  authorityScope(userId: string): Promise<{ province: number | null } | undefined>;
}

export const COMPLAINT_RECORDS = Symbol('complaint:ComplaintRecords');
