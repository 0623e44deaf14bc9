/**
 * Wire dates of the İYS contract (docs: shared/domain/iys-api.md §1, §5.2, §3.12; Part A item 11).
 *
 * Every timestamp on the wire is `YYYY-MM-DD HH:mm:ss` in Türkiye's civil time, and every report day
 * (`reportDate`) is `YYYY-MM-DD`, a calendar day in Europe/Istanbul.
 *
 * Türkiye has been on UTC+3 all year only since 2016-09-07. Before that it was UTC+2 in winter and
 * UTC+3 (DST) in summer, and consents may be back-dated to 2015-05-01, so the offset is never
 * hard-coded: it is read from the runtime's time-zone database through `Intl` (Node ships full ICU).
 *
 * Local times that a clock change makes ambiguous or impossible are resolved as Temporal's
 * `disambiguation: 'compatible'` and java.time do:
 * - a repeated wall time (autumn fall-back, e.g. `2015-11-08 03:30:00`) is the *earlier* instant;
 * - a skipped wall time (spring-forward gap, e.g. `2016-03-27 03:30:00`) is read with the offset in
 *   force before the gap, i.e. it lands after the gap (04:30 summer time). It is a real calendar time
 *   that a provider's system may well have stored, so it is accepted rather than rejected.
 */
import { ClearWhenFullMap } from '../clear-when-full-map.js';

export const ISTANBUL_TIME_ZONE = 'Europe/Istanbul';

/** A calendar day `YYYY-MM-DD` (in this module: a day of the Europe/Istanbul calendar). */
export type CalendarDay = string;

export type IysDateTimeParseResult =
  | { readonly ok: true; readonly instant: Date }
  /**
   * `format`: not exactly `YYYY-MM-DD HH:mm:ss` (İYS H158).
   * `invalid-date`: the right shape but no such date or time, e.g. `2021-02-30`, `24:00:00` (İYS H157).
   */
  | { readonly ok: false; readonly reason: 'format' | 'invalid-date' };

export type IysDateParseResult =
  | { readonly ok: true; readonly day: CalendarDay }
  | { readonly ok: false; readonly reason: 'format' | 'invalid-date' };

const MS_PER_SECOND = 1000;
const MS_PER_DAY = 86_400_000;

// `\d` without the `u` flag matches ASCII digits only, and `$` without `m` matches only at the very
// end, so no trailing newline or Unicode digit slips through.
const DATE_TIME_PATTERN = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const OFFSET_PATTERN = /^GMT(?:([+-])(\d{1,2})(?::(\d{2}))?(?::(\d{2}))?)?$/;

const offsetFormatter = new Intl.DateTimeFormat('en-US', {
  timeZone: ISTANBUL_TIME_ZONE,
  timeZoneName: 'longOffset',
});

/**
 * Offset of Europe/Istanbul from UTC at `instant`, in milliseconds (+03:00 → 10 800 000). Before 1910
 * Istanbul kept local mean time, so the offset then is not a whole number of minutes.
 */
export function istanbulOffsetMilliseconds(instant: Date): number {
  assertValidInstant(instant);
  // The Intl call is the costliest part of every wire date (parse and format); zone transitions fall
  // on whole UTC hours, so an hour whose first and last millisecond share an offset is remembered.
  const hour = Math.floor(instant.getTime() / MS_PER_HOUR);
  const known = offsetByHour.get(hour);
  if (known !== undefined) return known;
  const first = offsetFromIntl(new Date(hour * MS_PER_HOUR));
  if (first === offsetFromIntl(new Date(hour * MS_PER_HOUR + MS_PER_HOUR - 1))) {
    offsetByHour.set(hour, first);
    return first;
  }
  return offsetFromIntl(instant);
}

const MS_PER_HOUR = 3_600_000;
/** About 11 years of hours (a cache, not a table). */
export const ISTANBUL_HOURS_REMEMBERED = 100_000;

const offsetByHour = new ClearWhenFullMap<number, number>(ISTANBUL_HOURS_REMEMBERED);

/** Hours whose offset is remembered now (never more than ISTANBUL_HOURS_REMEMBERED). */
export function istanbulHoursRemembered(): number {
  return offsetByHour.size;
}

function offsetFromIntl(instant: Date): number {
  const zoneName = offsetFormatter.formatToParts(instant).find((part) => part.type === 'timeZoneName')?.value;
  const match = zoneName === undefined ? null : OFFSET_PATTERN.exec(zoneName);
  if (match === null) {
    throw new Error(`Unexpected offset "${zoneName}" from Intl for ${ISTANBUL_TIME_ZONE}`);
  }
  if (match[1] === undefined) return 0;
  const magnitude =
    Number(match[2]) * 3_600_000 + Number(match[3] ?? 0) * 60_000 + Number(match[4] ?? 0) * MS_PER_SECOND;
  return match[1] === '-' ? -magnitude : magnitude;
}

/** Offset of Europe/Istanbul from UTC at `instant`, in minutes (e.g. 180 for +03:00). */
export function istanbulOffsetMinutes(instant: Date): number {
  return istanbulOffsetMilliseconds(instant) / 60_000;
}

/** `YYYY-MM-DD HH:mm:ss`, the wire form of an instant, in Europe/Istanbul (milliseconds are dropped). */
export function formatIysDateTime(instant: Date): string {
  const wall = wallClockOf(instant);
  return (
    `${formatYear(wall)}-${pad2(wall.getUTCMonth() + 1)}-${pad2(wall.getUTCDate())} ` +
    `${pad2(wall.getUTCHours())}:${pad2(wall.getUTCMinutes())}:${pad2(wall.getUTCSeconds())}`
  );
}

/** Strict parse of a wire timestamp; `undefined` when it is malformed or names no real time. */
export function parseIysDateTime(text: string): Date | undefined {
  const result = parseIysDateTimeDetailed(text);
  return result.ok ? result.instant : undefined;
}

/**
 * Strict parse of a wire timestamp, telling why it failed: exactly `YYYY-MM-DD HH:mm:ss`
 * (zero-padded, 24-hour clock, no `T`, no zone, no fraction), read in Europe/Istanbul.
 */
export function parseIysDateTimeDetailed(text: string): IysDateTimeParseResult {
  if (typeof text !== 'string') return { ok: false, reason: 'format' };
  const match = DATE_TIME_PATTERN.exec(text);
  if (match === null) return { ok: false, reason: 'format' };
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (!isRealDate(year, month, day) || hour > 23 || minute > 59 || second > 59) {
    return { ok: false, reason: 'invalid-date' };
  }
  return { ok: true, instant: instantOfIstanbulWallTime(year, month, day, hour, minute, second) };
}

/** The Europe/Istanbul calendar day (`YYYY-MM-DD`) that contains `instant`. */
export function istanbulDay(instant: Date): CalendarDay {
  const wall = wallClockOf(instant);
  return `${formatYear(wall)}-${pad2(wall.getUTCMonth() + 1)}-${pad2(wall.getUTCDate())}`;
}

/** Strict parse of a `YYYY-MM-DD` day (e.g. `reportDate`; İYS H501 on failure). */
export function parseIysDate(text: string): CalendarDay | undefined {
  const result = parseIysDateDetailed(text);
  return result.ok ? result.day : undefined;
}

/** Strict parse of a `YYYY-MM-DD` day, telling whether the shape or the date itself is wrong. */
export function parseIysDateDetailed(text: string): IysDateParseResult {
  if (typeof text !== 'string') return { ok: false, reason: 'format' };
  const match = DATE_PATTERN.exec(text);
  if (match === null) return { ok: false, reason: 'format' };
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  if (!isRealDate(year, month, day)) return { ok: false, reason: 'invalid-date' };
  return { ok: true, day: text };
}

/** True when `text` is a well-formed, real `YYYY-MM-DD` day. */
export function isCalendarDay(text: string): boolean {
  return parseIysDateDetailed(text).ok;
}

/** The first instant of `day` in Europe/Istanbul (00:00:00 local). */
export function startOfIstanbulDay(day: CalendarDay): Date {
  const [year, month, date] = splitDay(day);
  return instantOfIstanbulWallTime(year, month, date, 0, 0, 0);
}

/** The first instant of the day after `day`: the exclusive end of `day`'s bucket. */
export function startOfNextIstanbulDay(day: CalendarDay): Date {
  return startOfIstanbulDay(addCalendarDays(day, 1));
}

/**
 * The half-open range `[start, endExclusive)` of instants whose Istanbul day is `day`. Use it for
 * day buckets (daily movement file, reconciliation): `start <= t && t < endExclusive`.
 */
export function istanbulDayBounds(day: CalendarDay): { readonly start: Date; readonly endExclusive: Date } {
  return { start: startOfIstanbulDay(day), endExclusive: startOfNextIstanbulDay(day) };
}

/** `day` moved by `days` calendar days (negative goes back). Pure calendar arithmetic, no time zone. */
export function addCalendarDays(day: CalendarDay, days: number): CalendarDay {
  if (!Number.isInteger(days)) throw new RangeError(`Not a whole number of days: ${days}`);
  return dayOfEpochDay(epochDayOf(day) + days);
}

/** ISO weekday of a calendar day: 1 = Monday … 7 = Sunday. */
export function isoWeekday(day: CalendarDay): number {
  const weekday = new Date(epochDayOf(day) * MS_PER_DAY).getUTCDay();
  return weekday === 0 ? 7 : weekday;
}

/** Negative, zero or positive as `a` is before, equal to or after `b`. */
export function compareCalendarDays(a: CalendarDay, b: CalendarDay): number {
  return epochDayOf(a) - epochDayOf(b);
}

/** Days from `from` to `to` (positive when `to` is later). */
export function calendarDaysBetween(from: CalendarDay, to: CalendarDay): number {
  return epochDayOf(to) - epochDayOf(from);
}

// ---------------------------------------------------------------------------------------------------

/** Days since 1970-01-01 of a `YYYY-MM-DD` day; throws RangeError on a malformed or impossible day. */
export function epochDayOf(day: CalendarDay): number {
  const [year, month, date] = splitDay(day);
  return Math.round(utcMilliseconds(year, month, date, 0, 0, 0) / MS_PER_DAY);
}

/** The `YYYY-MM-DD` day that is `epochDay` days after 1970-01-01. */
export function dayOfEpochDay(epochDay: number): CalendarDay {
  const date = new Date(epochDay * MS_PER_DAY);
  if (Number.isNaN(date.getTime())) throw new RangeError(`Day out of range: ${epochDay}`);
  return `${formatYear(date)}-${pad2(date.getUTCMonth() + 1)}-${pad2(date.getUTCDate())}`;
}

function splitDay(day: CalendarDay): [number, number, number] {
  const result = parseIysDateDetailed(day);
  if (!result.ok) throw new RangeError(`Not a calendar day (YYYY-MM-DD): ${JSON.stringify(day)}`);
  return day.split('-').map(Number) as [number, number, number];
}

/** The instant whose Istanbul wall-clock reading is the given fields (see module doc for gaps/overlaps). */
function instantOfIstanbulWallTime(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
): Date {
  const wall = utcMilliseconds(year, month, day, hour, minute, second);
  // Istanbul changes offset at most once within any two days, so the offsets a day either side of the
  // wall time are the only candidates.
  const offsetBefore = istanbulOffsetMilliseconds(new Date(wall - MS_PER_DAY));
  const offsetAfter = istanbulOffsetMilliseconds(new Date(wall + MS_PER_DAY));
  const candidates = [offsetBefore, offsetAfter]
    .map((offset) => wall - offset)
    .filter((instant) => istanbulOffsetMilliseconds(new Date(instant)) === wall - instant)
    .sort((a, b) => a - b);
  // Overlap: two candidates, take the earlier. Gap: none, read with the offset before the gap.
  return new Date(candidates[0] ?? wall - offsetBefore);
}

function wallClockOf(instant: Date): Date {
  assertValidInstant(instant);
  return new Date(instant.getTime() + istanbulOffsetMilliseconds(instant));
}

function utcMilliseconds(year: number, month: number, day: number, hour: number, minute: number, second: number) {
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not map years 0–99 to 1900–1999.
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  return date.getTime();
}

function isRealDate(year: number, month: number, day: number): boolean {
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function formatYear(wall: Date): string {
  const year = wall.getUTCFullYear();
  if (year < 1 || year > 9999) throw new RangeError(`Year ${year} cannot be written as YYYY`);
  return String(year).padStart(4, '0');
}

function pad2(value: number): string {
  return String(value).padStart(2, '0');
}

function assertValidInstant(instant: Date): void {
  if (!(instant instanceof Date) || Number.isNaN(instant.getTime())) {
    throw new RangeError('Invalid Date');
  }
}
