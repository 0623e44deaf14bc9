/** Counts of complaints in one scope, as the authority console's charts draw them. */
export interface ComplaintCounts {
  byStatus: { status: string; complaints: number }[];
  byProvince: { province: number; complaints: number }[];
  /** One entry per Istanbul week (Monday `YYYY-MM-DD`) from `since`, empty weeks included, oldest first. */
  byWeek: { weekStart: string; filed: number; decided: number }[];
  byOutcome: { outcome: string; complaints: number }[];
}

/**
 * The complaints read model counted for charts: `province` null counts every province; weeks start
 * on Monday, Europe/Istanbul, from the week holding `since` to the week holding `until`.
 */
export interface ComplaintCharts {
  counts(province: number | null, since: Date, until: Date): Promise<ComplaintCounts>;
}

export const COMPLAINT_CHARTS = Symbol('complaint:ComplaintCharts');
