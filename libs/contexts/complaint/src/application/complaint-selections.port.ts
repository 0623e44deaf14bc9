/**
 * Selections over the complaints read model that need SQL's predicates and aggregates (ADR 0049:
 * raw SQL where the statement is the point): the scheduler's work lists and the filing limits.
 */
export interface ComplaintSelections {
  /** Open defense requests due by `until`, oldest deadline first; `late` when past `now`. */
  dueDefenses(now: string, until: string, limit: number): Promise<{ complaintId: string; late: boolean }[]>;
  /** Finished complaints (decided, closed, withdrawn) unchanged since `cutoff` and not yet shredded, oldest first. */
  expiredFinished(cutoff: Date, limit: number): Promise<string[]>;
  /** How many complaints the account filed in [start, endExclusive), and whether one about the same message is open. */
  filingLoad(
    accountId: string,
    day: { start: Date; endExclusive: Date },
    message: { recipientId: string; senderId: string; messageAt: string },
  ): Promise<{ today: number; duplicate: boolean }>;
}

export const COMPLAINT_SELECTIONS = Symbol('complaint:ComplaintSelections');
