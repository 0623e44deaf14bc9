/**
 * Turkish business days, and the "3 business days" rule for consent dates (iys-api.md Part A item 3,
 * §5.2: "Aktivasyon tarihinden sonra sisteme yüklenecek izin, mevcut tarih ve saatten en fazla 3 iş
 * günü geride olabilir.").
 *
 * A business day is a Monday–Friday of the Europe/Istanbul calendar that is not a public holiday
 * (turkish-public-holidays.data.ts).
 *
 * HALF-DAY EVES (arife of Ramazan and Kurban Bayramı, 28 Ekim) are holidays from 13:00. Our rule: a
 * half-day eve is NOT a business day. The 3-business-day window is a deadline imposed on whoever
 * registers a consent, so a day that is only half worked should not use up one of its three days.
 * Counting eves as non-business can only make the window longer, by at most one day per eve, never
 * shorter. That error is the cheap one: the opposite error rejects consents that were collected
 * properly and, for a RET, leaves a recipient's refusal out of the registry, which harms the recipient
 * the registry exists to protect. (Operators who disagree can construct the calendar with
 * `halfDayEve: 'business-day'`.)
 *
 * Days of years the holiday table does not cover are never guessed: asking about them throws
 * `BusinessCalendarOutOfRange`.
 */
import {
  dayOfEpochDay,
  epochDayOf,
  isCalendarDay,
  istanbulDay,
  startOfIstanbulDay,
  type CalendarDay,
} from './istanbul-time.js';
import { TURKISH_PUBLIC_HOLIDAYS, type PublicHoliday, type PublicHolidayTable } from './turkish-public-holidays.data.js';

/** The business-day count of the consent-date rule. */
export const CONSENT_REGISTRATION_BUSINESS_DAYS = 3;

const MS_PER_DAY = 86_400_000;

/** Thrown when a question needs holiday data for a year the calendar does not cover. */
export class BusinessCalendarOutOfRange extends Error {
  constructor(
    readonly year: number,
    readonly coveredYears: readonly number[],
  ) {
    super(
      `No Turkish public-holiday data for ${year}: the business calendar covers ` +
        `${describeYears(coveredYears)}. Add that year's holidays (Resmî Gazete / Diyanet) with ` +
        `createTurkishBusinessCalendar({ yearOverrides }) instead of treating its holidays as business days.`,
    );
    this.name = 'BusinessCalendarOutOfRange';
  }
}

export interface TurkishBusinessCalendarOptions {
  /** The whole table to use instead of the built-in 2015–2030 one. */
  readonly table?: PublicHolidayTable;
  /**
   * Years to replace or add, each with its complete holiday list (e.g. 2031 once it is published, or a
   * year Diyanet corrected). Applied on top of `table`.
   */
  readonly yearOverrides?: PublicHolidayTable;
  /** Further non-business days in covered years, e.g. a bridge day an operator decides to honour. */
  readonly extraHolidays?: readonly PublicHoliday[];
  /** Days to take out of the table (`YYYY-MM-DD`), e.g. a wrongly listed Bayram day. */
  readonly removedDates?: readonly CalendarDay[];
  /** How a half-day eve counts; see the module comment. Default `'non-business-day'`. */
  readonly halfDayEve?: 'non-business-day' | 'business-day';
}

export class TurkishBusinessCalendar {
  /** Holidays keyed by epoch day (days since 1970-01-01), so that day scans do no string work. */
  private readonly holidaysByDay = new Map<number, PublicHoliday[]>();
  private readonly years: ReadonlySet<number>;
  private readonly halfDayEveIsBusinessDay: boolean;

  constructor(options: TurkishBusinessCalendarOptions = {}) {
    const table: Record<number, readonly PublicHoliday[]> = {
      ...(options.table ?? TURKISH_PUBLIC_HOLIDAYS),
      ...options.yearOverrides,
    };
    this.years = new Set(Object.keys(table).map(Number));
    this.halfDayEveIsBusinessDay = options.halfDayEve === 'business-day';
    for (const [yearKey, holidays] of Object.entries(table)) {
      const year = Number(yearKey);
      if (!Number.isInteger(year)) throw new RangeError(`Holiday table key is not a year: ${yearKey}`);
      for (const holiday of holidays) this.add(holiday, year);
    }
    for (const holiday of options.extraHolidays ?? []) this.add(holiday);
    for (const day of options.removedDates ?? []) {
      this.requireCovered(yearOf(day));
      this.holidaysByDay.delete(epochDayOf(day));
    }
  }

  /** The years this calendar has holiday data for, ascending. */
  get coveredYears(): readonly number[] {
    return [...this.years].sort((a, b) => a - b);
  }

  /** True when `day`'s year has holiday data. */
  covers(day: CalendarDay): boolean {
    return this.years.has(yearOf(day));
  }

  /** The public holidays on `day` (usually none, one if a holiday, two if two coincide). */
  holidaysOn(day: CalendarDay): readonly PublicHoliday[] {
    this.requireCovered(yearOf(day));
    return this.holidaysByDay.get(epochDayOf(day)) ?? [];
  }

  /** Monday–Friday, not a full-day holiday and (by default) not a half-day eve. */
  isBusinessDay(day: CalendarDay): boolean {
    return this.isBusinessEpochDay(epochDayOf(day));
  }

  /**
   * The number of business days `d` with `from < d <= to` (the first day is not counted, the last is).
   * Negative, with the same magnitude, when `to` is before `from`.
   */
  businessDaysBetween(from: CalendarDay, to: CalendarDay): number {
    const first = epochDayOf(from);
    const last = epochDayOf(to);
    // `|| 0` so that a backwards span without business days is 0, not -0.
    if (last < first) return -this.businessDaysBetween(to, from) || 0;
    let count = 0;
    for (let epochDay = first + 1; epochDay <= last; epochDay++) {
      if (this.isBusinessEpochDay(epochDay)) count++;
    }
    return count;
  }

  /**
   * The `n`-th business day after `day` (not counting `day` itself); `n < 0` goes back, `n = 0` is
   * `day`.
   */
  addBusinessDays(day: CalendarDay, n: number): CalendarDay {
    if (!Number.isInteger(n)) throw new RangeError(`Not a whole number of business days: ${n}`);
    const step = n < 0 ? -1 : 1;
    let epochDay = epochDayOf(day);
    for (let remaining = Math.abs(n); remaining > 0; ) {
      epochDay += step;
      if (this.isBusinessEpochDay(epochDay)) remaining--;
    }
    return dayOfEpochDay(epochDay);
  }

  /**
   * The first instant at which a consent dated `consentDate` is more than `n` business days old: the
   * start (00:00 Istanbul) of the `(n + 1)`-th business day after the consent's Istanbul day. For every
   * `now` not before `consentDate`, `isWithinBusinessDays(consentDate, now, n)` is exactly
   * `now < registrationDeadline(consentDate, n)`. Handy for error messages and for providers' tooling.
   */
  registrationDeadline(consentDate: Date, n: number = CONSENT_REGISTRATION_BUSINESS_DAYS): Date {
    assertBusinessDayCount(n);
    return startOfIstanbulDay(this.addBusinessDays(istanbulDay(consentDate), n + 1));
  }

  /**
   * The consent-date rule: true when `consentDate` is not more than `n` business days before `now`
   * ("mevcut tarih ve saatten en fazla 3 iş günü geride olabilir").
   *
   * Definition (day-granular, on the Europe/Istanbul calendar): the age of a consent is the number of
   * business days that have *begun* since its day, i.e. the business days `d` with
   * `consentDay < d <= nowDay`; the consent is within the window while that age is at most `n`.
   * - The consent's own day never counts, whatever the hour and whether or not it is a business day
   *   (the usual Turkish rule for periods counted in days: the starting day is not counted).
   * - Consequently a consent given on a weekend or holiday counts from the next business day.
   * - The window closes at 00:00 of the `(n + 1)`-th business day after the consent day, never on a
   *   weekend or holiday: days on which nobody works do not age a consent, just as a Turkish period
   *   whose last day is a holiday runs on to the next business day.
   *
   * Examples with n = 3, in weeks without holidays:
   * - consent Friday 18:00 → Mon, Tue, Wed are days 1–3 → registrable until Wednesday 23:59:59, late
   *   from Thursday 00:00;
   * - consent Saturday or Sunday → the same Wednesday;
   * - consent Monday 09:00 → until Thursday 23:59:59;
   * - consent Tuesday → Wed, Thu, Fri are days 1–3 and the next business day is Monday → registrable
   *   through Sunday 23:59:59, late from Monday 00:00.
   *
   * A `consentDate` after `now` yields true: it is not "before now" at all. Future dates are a
   * separate rule (İYS V162), enforced by the consent domain.
   *
   * Throws `BusinessCalendarOutOfRange` only if the answer depends on an uncovered year: the scan stops
   * as soon as `n + 1` business days are found.
   */
  isWithinBusinessDays(consentDate: Date, now: Date, n: number = CONSENT_REGISTRATION_BUSINESS_DAYS): boolean {
    assertBusinessDayCount(n);
    const consentDay = epochDayOf(istanbulDay(consentDate));
    const today = epochDayOf(istanbulDay(now));
    let businessDays = 0;
    for (let epochDay = consentDay + 1; epochDay <= today; epochDay++) {
      if (this.isBusinessEpochDay(epochDay) && ++businessDays > n) return false;
    }
    return true;
  }

  private isBusinessEpochDay(epochDay: number): boolean {
    this.requireCovered(new Date(epochDay * MS_PER_DAY).getUTCFullYear());
    // 1970-01-01 was a Thursday (ISO weekday 4).
    const weekday = ((((epochDay + 3) % 7) + 7) % 7) + 1;
    if (weekday > 5) return false;
    const holidays = this.holidaysByDay.get(epochDay);
    if (holidays === undefined) return true;
    return holidays.every((holiday) => holiday.kind === 'half-day-eve' && this.halfDayEveIsBusinessDay);
  }

  private add(holiday: PublicHoliday, year?: number): void {
    if (!isCalendarDay(holiday.date)) {
      throw new RangeError(`Holiday "${holiday.name}" has no valid date: ${JSON.stringify(holiday.date)}`);
    }
    if (holiday.kind !== 'full-day' && holiday.kind !== 'half-day-eve') {
      throw new RangeError(`Holiday "${holiday.name}" has an unknown kind: ${String(holiday.kind)}`);
    }
    if (year !== undefined && yearOf(holiday.date) !== year) {
      throw new RangeError(`Holiday "${holiday.name}" on ${holiday.date} is listed under ${year}`);
    }
    this.requireCovered(yearOf(holiday.date));
    const epochDay = epochDayOf(holiday.date);
    const onDay = this.holidaysByDay.get(epochDay) ?? [];
    onDay.push(holiday);
    this.holidaysByDay.set(epochDay, onDay);
  }

  private requireCovered(year: number): void {
    if (!this.years.has(year)) throw new BusinessCalendarOutOfRange(year, this.coveredYears);
  }
}

/** A calendar with the built-in table, changed by `options` (see `TurkishBusinessCalendarOptions`). */
export function createTurkishBusinessCalendar(options: TurkishBusinessCalendarOptions = {}): TurkishBusinessCalendar {
  return new TurkishBusinessCalendar(options);
}

/** The built-in calendar: 2015–2030, half-day eves are non-business days. */
export const turkishBusinessCalendar = new TurkishBusinessCalendar();

/** `turkishBusinessCalendar.isBusinessDay`. */
export function isBusinessDay(day: CalendarDay): boolean {
  return turkishBusinessCalendar.isBusinessDay(day);
}

/** `turkishBusinessCalendar.businessDaysBetween`: business days in `(from, to]`. */
export function businessDaysBetween(from: CalendarDay, to: CalendarDay): number {
  return turkishBusinessCalendar.businessDaysBetween(from, to);
}

/** `turkishBusinessCalendar.addBusinessDays`. */
export function addBusinessDays(day: CalendarDay, n: number): CalendarDay {
  return turkishBusinessCalendar.addBusinessDays(day, n);
}

/** `turkishBusinessCalendar.isWithinBusinessDays`: the consent-date rule with the built-in calendar. */
export function isWithinBusinessDays(
  consentDate: Date,
  now: Date,
  n: number = CONSENT_REGISTRATION_BUSINESS_DAYS,
): boolean {
  return turkishBusinessCalendar.isWithinBusinessDays(consentDate, now, n);
}

/** `turkishBusinessCalendar.registrationDeadline`. */
export function registrationDeadline(consentDate: Date, n: number = CONSENT_REGISTRATION_BUSINESS_DAYS): Date {
  return turkishBusinessCalendar.registrationDeadline(consentDate, n);
}

function yearOf(day: CalendarDay): number {
  if (!isCalendarDay(day)) throw new RangeError(`Not a calendar day (YYYY-MM-DD): ${JSON.stringify(day)}`);
  return Number(day.slice(0, 4));
}

function assertBusinessDayCount(n: number): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`Business-day count must be a whole number ≥ 0: ${n}`);
}

function describeYears(years: readonly number[]): string {
  if (years.length === 0) return 'no year';
  const first = years[0];
  const last = years[years.length - 1];
  const contiguous = first !== undefined && last !== undefined && last - first + 1 === years.length;
  return contiguous ? `${first}–${last}` : years.join(', ');
}
