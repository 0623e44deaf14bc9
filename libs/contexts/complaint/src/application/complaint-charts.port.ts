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
  /** Per Istanbul month (`YYYY-MM`, by filing time), provider and brand: counts and the median days to a decision. */
  monthly(province: number | null): Promise<ComplaintMonth[]>;
  /** Checks made, and how many a complaint followed (checks belong to no province). */
  checks(): Promise<{ total: number; followed: number }>;
}

export interface ComplaintMonth {
  /** `YYYY-MM`, Europe/Istanbul, by filing time. */
  month: string;
  iysCode: number | null;
  brandCode: number | null;
  complaints: number;
  decided: number;
  justified: number;
  medianDays: number | null;
}

export const COMPLAINT_CHARTS = Symbol('complaint:ComplaintCharts');
