import { calendarDaysBetween, istanbulDay, parseIysDateDetailed, type CalendarDay } from '@iys/platform/building-blocks';

export type ReportDayRule =
  /** M1, M2, M3: any completed day (yesterday or earlier). */
  | { kind: 'completed-day' }
  /**
   * M4: a completed day at most `days` back (yesterday = 1). İYS serves 7 (iys-api.md Part A item 9,
   * B §3.12); the registry reads it from IYS_MOVEMENT_FILE_WINDOW_DAYS and passes it in.
   */
  | { kind: 'recent-day'; days: number };

export type ReportDayCheck = { ok: true; day: CalendarDay } | { ok: false; code: 'H501' | 'H502' | 'H650' };

/**
 * Whether `reportDate` names a day that may be reported at `now`. Days are Europe/Istanbul calendar
 * days: a day is reportable from its end (00:00:00 of the next day, Istanbul), so today and the future
 * are H502. A malformed or impossible date is H501; a movement-file day older than the window, H650.
 */
export function checkReportDay(reportDate: string, now: Date, rule: ReportDayRule): ReportDayCheck {
  const parsed = parseIysDateDetailed(reportDate);
  if (!parsed.ok) return { ok: false, code: 'H501' };
  const age = calendarDaysBetween(parsed.day, istanbulDay(now));
  if (age < 1) return { ok: false, code: 'H502' };
  if (rule.kind === 'recent-day' && age > rule.days) return { ok: false, code: 'H650' };
  return { ok: true, day: parsed.day };
}

/** `2024-06-01` → `20240601`, the day's part of a stream id. */
export function compactDay(day: CalendarDay): string {
  return day.replace(/-/g, '');
}

/** One brand's day, checked: the brand is the provider's and the day may be reported. */
export interface ReportScopeOf {
  iysCode: number;
  brandCode: number;
  day: CalendarDay;
}
