/** One consent type's movements on a day by one party (HS: the provider's side; IYS: the registry). */
export interface MovementCountRow {
  type: string;
  origin: 'HS' | 'IYS';
  approval: number;
  rejection: number;
}

/** What the report queries read from this concern's read models. Implemented in infrastructure (docs/adr/0052). */
export interface ReportReads {
  /** Whether the brand is the provider's (reconciliation.brands). */
  brandOf(iysCode: number, brandCode: number): Promise<boolean>;
  /** M1's counts of one day's movements for a brand and recipient type, unordered. */
  movementCounts(scope: { iysCode: number; brandCode: number; day: string }, recipientType: string): Promise<MovementCountRow[]>;
}

export const REPORT_READS = Symbol('REPORT_READS');
