/** The check step's records (complaint.checks): one per "Kontrol Et", no personal data. */
export interface ComplaintChecks {
  record(checkId: string, accountId: string, at: Date): Promise<void>;
  /** Whether the check is the account's. */
  isOf(checkId: string, accountId: string): Promise<boolean>;
  /** Counts one consent rejected from the check's screen. */
  countRejection(checkId: string): Promise<void>;
  /** Marks the account's check as followed by this complaint; false when it is not the account's or was used. */
  claim(checkId: string, accountId: string, complaintId: string): Promise<boolean>;
}

export const COMPLAINT_CHECKS = Symbol('complaint:ComplaintChecks');
