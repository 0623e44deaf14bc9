import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { addCalendarDays, calendarDaysBetween, isoWeekday, parseIysDateTime } from './istanbul-time.js';
import {
  BusinessCalendarOutOfRange,
  addBusinessDays,
  businessDaysBetween,
  createTurkishBusinessCalendar,
  isBusinessDay,
  isWithinBusinessDays,
  registrationDeadline,
  turkishBusinessCalendar,
} from './turkish-business-calendar.js';
import {
  FIRST_COVERED_YEAR,
  LAST_COVERED_YEAR,
  RELIGIOUS_HOLIDAY_FIRST_DAYS,
  TURKISH_PUBLIC_HOLIDAYS,
} from './turkish-public-holidays.data.js';

/** An Istanbul wall time, read with the offset of its day (so +02 in winter 2015). */
const at = (wallTime: string): Date => {
  const instant = parseIysDateTime(wallTime);
  if (instant === undefined) throw new Error(`bad test time ${wallTime}`);
  return instant;
};

const daysOf = (year: number, name: string, kind: 'full-day' | 'half-day-eve') =>
  (TURKISH_PUBLIC_HOLIDAYS[year] ?? [])
    .filter((holiday) => holiday.name.startsWith(name) && holiday.kind === kind)
    .map((holiday) => holiday.date);

describe('Turkish public-holiday table', () => {
  it('covers every year from 2015 through 2030 and nothing else', () => {
    expect(FIRST_COVERED_YEAR).toBe(2015);
    expect(LAST_COVERED_YEAR).toBe(2030);
    expect(Object.keys(TURKISH_PUBLIC_HOLIDAYS).map(Number)).toEqual(
      Array.from({ length: 16 }, (_, index) => 2015 + index),
    );
    expect(turkishBusinessCalendar.coveredYears).toEqual(Object.keys(TURKISH_PUBLIC_HOLIDAYS).map(Number));
  });

  it('has the Bayrams the brief states for 2024–2026', () => {
    expect(daysOf(2024, 'Ramazan Bayramı', 'full-day')).toEqual(['2024-04-10', '2024-04-11', '2024-04-12']);
    expect(daysOf(2024, 'Ramazan Bayramı', 'half-day-eve')).toEqual(['2024-04-09']);
    expect(daysOf(2024, 'Kurban Bayramı', 'full-day')).toEqual(['2024-06-16', '2024-06-17', '2024-06-18', '2024-06-19']);
    expect(daysOf(2024, 'Kurban Bayramı', 'half-day-eve')).toEqual(['2024-06-15']);
    expect(daysOf(2025, 'Ramazan Bayramı', 'full-day')).toEqual(['2025-03-30', '2025-03-31', '2025-04-01']);
    expect(daysOf(2025, 'Kurban Bayramı', 'full-day')).toEqual(['2025-06-06', '2025-06-07', '2025-06-08', '2025-06-09']);
    expect(daysOf(2026, 'Ramazan Bayramı', 'full-day')).toEqual(['2026-03-20', '2026-03-21', '2026-03-22']);
    expect(daysOf(2026, 'Kurban Bayramı', 'full-day')).toEqual(['2026-05-27', '2026-05-28', '2026-05-29', '2026-05-30']);
  });

  it('gives every year 3 + 4 Bayram days, 3 half-day eves and the fixed days of Law 2429', () => {
    for (let year = 2015; year <= 2030; year++) {
      const holidays = TURKISH_PUBLIC_HOLIDAYS[year] ?? [];
      const dates = holidays.map((holiday) => holiday.date);
      expect(daysOf(year, 'Ramazan Bayramı', 'full-day')).toHaveLength(3);
      expect(daysOf(year, 'Kurban Bayramı', 'full-day')).toHaveLength(4);
      expect(holidays.filter((holiday) => holiday.kind === 'half-day-eve')).toHaveLength(3);
      for (const fixed of ['01-01', '04-23', '05-01', '05-19', '08-30', '10-29']) {
        expect(dates).toContain(`${year}-${fixed}`);
      }
      expect(daysOf(year, 'Cumhuriyet Bayramı arifesi', 'half-day-eve')).toEqual([`${year}-10-28`]);
      expect(dates.includes(`${year}-07-15`)).toBe(year >= 2017);
      expect([...dates].sort()).toEqual(dates);
      expect(dates.every((date) => date.startsWith(`${year}-`))).toBe(true);
    }
  });

  it('is lunar-consistent: Kurban 67–69 days after Ramazan, each Bayram 354–355 days after the last', () => {
    for (let year = 2015; year <= 2030; year++) {
      const current = RELIGIOUS_HOLIDAY_FIRST_DAYS[year];
      expect(current).toBeDefined();
      if (current === undefined) continue;
      expect(calendarDaysBetween(current.ramazanBayrami, current.kurbanBayrami)).toBeGreaterThanOrEqual(67);
      expect(calendarDaysBetween(current.ramazanBayrami, current.kurbanBayrami)).toBeLessThanOrEqual(69);
      const previous = RELIGIOUS_HOLIDAY_FIRST_DAYS[year - 1];
      if (previous === undefined) continue;
      for (const key of ['ramazanBayrami', 'kurbanBayrami'] as const) {
        expect([354, 355]).toContain(calendarDaysBetween(previous[key], current[key]));
      }
    }
  });

  it('is frozen, so no caller can change the shared calendar behind the others', () => {
    expect(Object.isFrozen(TURKISH_PUBLIC_HOLIDAYS)).toBe(true);
    expect(Object.isFrozen(TURKISH_PUBLIC_HOLIDAYS[2024])).toBe(true);
  });
});

describe('isBusinessDay', () => {
  it.each([
    ['2024-04-08', true, 'Monday before Ramazan Bayramı'],
    ['2024-04-09', false, 'Ramazan Bayramı arife (half-day eve)'],
    ['2024-04-10', false, 'Ramazan Bayramı day 1'],
    ['2024-04-12', false, 'Ramazan Bayramı day 3'],
    ['2024-04-13', false, 'Saturday'],
    ['2024-04-15', true, 'Monday after the Bayram'],
    ['2024-06-14', true, 'Friday before Kurban Bayramı'],
    ['2024-06-17', false, 'Kurban Bayramı day 2 (Monday)'],
    ['2024-06-19', false, 'Kurban Bayramı day 4 (Wednesday)'],
    ['2024-06-20', true, 'Thursday after Kurban Bayramı'],
    ['2025-03-28', true, 'Friday before Ramazan Bayramı 2025'],
    ['2025-03-31', false, 'Ramazan Bayramı 2025 day 2'],
    ['2025-04-01', false, 'Ramazan Bayramı 2025 day 3'],
    ['2025-04-02', true, 'Wednesday after'],
    ['2025-06-05', false, 'Kurban Bayramı 2025 arife (Thursday)'],
    ['2025-06-09', false, 'Kurban Bayramı 2025 day 4 (Monday)'],
    ['2025-06-10', true, 'Tuesday after'],
    ['2026-03-19', false, 'Ramazan Bayramı 2026 arife (Thursday)'],
    ['2026-03-20', false, 'Ramazan Bayramı 2026 day 1 (Friday)'],
    ['2026-05-26', false, 'Kurban Bayramı 2026 arife (Tuesday)'],
    ['2026-05-29', false, 'Kurban Bayramı 2026 day 3 (Friday)'],
    ['2026-06-01', true, 'Monday after'],
    ['2024-01-01', false, 'Yılbaşı'],
    ['2024-01-02', true, 'an ordinary Tuesday'],
    ['2024-04-23', false, '23 Nisan'],
    ['2024-05-01', false, '1 Mayıs'],
    ['2025-05-19', false, '19 Mayıs'],
    ['2024-07-15', false, '15 Temmuz'],
    ['2016-07-15', true, '15 Temmuz 2016, before it became a holiday'],
    ['2024-08-30', false, '30 Ağustos'],
    ['2024-10-28', false, '28 Ekim, half-day eve of Cumhuriyet Bayramı'],
    ['2024-10-29', false, '29 Ekim'],
    ['2024-10-30', true, 'the day after'],
    ['2015-07-16', false, 'Ramazan Bayramı 2015 arife'],
    ['2015-09-25', false, 'Kurban Bayramı 2015 day 2'],
    ['2015-12-31', true, 'New Year’s Eve is a working day'],
  ])('%s → %s (%s)', (day, expected) => {
    expect(isBusinessDay(day)).toBe(expected);
  });

  it('never calls a weekend day a business day', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5843 }), (offset) => {
        const day = addCalendarDays('2015-01-01', offset);
        if (isoWeekday(day) > 5) expect(isBusinessDay(day)).toBe(false);
        if (turkishBusinessCalendar.holidaysOn(day).some((holiday) => holiday.kind === 'full-day')) {
          expect(isBusinessDay(day)).toBe(false);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('refuses years outside the table instead of calling their holidays business days', () => {
    expect(() => isBusinessDay('2014-12-31')).toThrow(BusinessCalendarOutOfRange);
    expect(() => isBusinessDay('2031-01-02')).toThrow(BusinessCalendarOutOfRange);
    try {
      isBusinessDay('2031-03-03');
      throw new Error('expected BusinessCalendarOutOfRange');
    } catch (error) {
      expect(error).toBeInstanceOf(BusinessCalendarOutOfRange);
      expect((error as BusinessCalendarOutOfRange).year).toBe(2031);
      expect((error as Error).name).toBe('BusinessCalendarOutOfRange');
      expect((error as Error).message).toContain('2015–2030');
    }
  });

  it('refuses a malformed day', () => {
    expect(() => isBusinessDay('2024-02-30')).toThrow(RangeError);
    expect(() => isBusinessDay('2024-4-8')).toThrow(RangeError);
  });
});

describe('businessDaysBetween and addBusinessDays', () => {
  it('counts the business days in (from, to]', () => {
    expect(businessDaysBetween('2024-04-05', '2024-04-16')).toBe(3); // Mon 8, Mon 15, Tue 16
    expect(businessDaysBetween('2024-04-16', '2024-04-05')).toBe(-3);
    expect(businessDaysBetween('2024-04-08', '2024-04-08')).toBe(0);
    expect(businessDaysBetween('2015-01-04', '2015-01-02')).toBe(0); // 0, not -0 (only a weekend between)
    expect(businessDaysBetween('2015-01-03', '2015-01-01')).toBe(-1); // Fri 2 Jan 2015
    expect(businessDaysBetween('2024-12-31', '2025-01-06')).toBe(3); // Thu 2, Fri 3, Mon 6
    // 2024: 262 weekdays, 14 of them holidays or eves.
    expect(businessDaysBetween('2023-12-31', '2024-12-31')).toBe(248);
  });

  it('finds the n-th business day after a day, over weekends and Bayrams', () => {
    expect(addBusinessDays('2024-03-01', 3)).toBe('2024-03-06');
    expect(addBusinessDays('2024-04-05', 2)).toBe('2024-04-15');
    expect(addBusinessDays('2024-04-16', -2)).toBe('2024-04-08');
    expect(addBusinessDays('2024-04-13', 0)).toBe('2024-04-13');
    expect(() => addBusinessDays('2024-04-13', 1.5)).toThrow(RangeError);
  });

  it('is additive and agrees with addBusinessDays', () => {
    const day = fc.integer({ min: 0, max: 5700 }).map((offset) => addCalendarDays('2015-01-01', offset));
    fc.assert(
      fc.property(day, day, day, (a, b, c) => {
        expect(businessDaysBetween(a, c)).toBe(businessDaysBetween(a, b) + businessDaysBetween(b, c));
      }),
      { numRuns: 100 },
    );
    fc.assert(
      fc.property(day, fc.integer({ min: 1, max: 40 }), (start, n) => {
        const end = addBusinessDays(start, n);
        expect(isBusinessDay(end)).toBe(true);
        expect(businessDaysBetween(start, end)).toBe(n);
        expect(businessDaysBetween(start, addCalendarDays(end, -1))).toBe(n - 1);
      }),
      { numRuns: 300 },
    );
  });
});

describe('isWithinBusinessDays (3-business-day consent rule)', () => {
  const expectWindow = (consent: string, lastOk: string, firstLate: string, n = 3) => {
    expect(isWithinBusinessDays(at(consent), at(lastOk), n)).toBe(true);
    expect(isWithinBusinessDays(at(consent), at(firstLate), n)).toBe(false);
    expect(registrationDeadline(at(consent), n)).toEqual(at(firstLate));
  };

  it('consent Friday 18:00 → until Wednesday 23:59:59', () => {
    expectWindow('2024-03-01 18:00:00', '2024-03-06 23:59:59', '2024-03-07 00:00:00');
    expect(isWithinBusinessDays(at('2024-03-01 18:00:00'), at('2024-03-04 09:00:00'))).toBe(true);
  });

  it('consent Tuesday → the weekend does not age it: late only from Monday 00:00', () => {
    expectWindow('2024-03-05 14:00:00', '2024-03-10 23:59:59', '2024-03-11 00:00:00');
    expect(isWithinBusinessDays(at('2024-03-05 14:00:00'), at('2024-03-09 12:00:00'))).toBe(true); // Saturday
  });

  it('consent on a weekend counts from the next business day', () => {
    expectWindow('2024-03-02 10:00:00', '2024-03-06 23:59:59', '2024-03-07 00:00:00');
    expectWindow('2024-03-03 23:59:59', '2024-03-06 23:59:59', '2024-03-07 00:00:00');
  });

  it('consent Monday morning → until Thursday, whatever the hour of the consent', () => {
    expectWindow('2024-03-04 09:00:00', '2024-03-07 23:59:59', '2024-03-08 00:00:00');
    expectWindow('2024-03-04 00:00:00', '2024-03-07 23:59:59', '2024-03-08 00:00:00');
  });

  it('skips Ramazan Bayramı 2024 and its half-day eve', () => {
    // Fri 5 Apr: Mon 8 (1), [Tue 9 arife, Wed 10–Fri 12 Bayram, weekend], Mon 15 (2), Tue 16 (3).
    expectWindow('2024-04-05 15:00:00', '2024-04-16 23:59:59', '2024-04-17 00:00:00');
    // Consent on the Bayram itself counts from the next business day.
    expectWindow('2024-04-11 12:00:00', '2024-04-17 23:59:59', '2024-04-18 00:00:00');
    expectWindow('2024-04-08 12:00:00', '2024-04-17 23:59:59', '2024-04-18 00:00:00');
    // Wed 3 Apr: Thu 4 (1), Fri 5 (2), Mon 8 (3); the next business day is Mon 15, so the Bayram
    // week does not age the consent.
    expectWindow('2024-04-03 12:00:00', '2024-04-14 23:59:59', '2024-04-15 00:00:00');
    // Tue 2 Apr: Wed 3, Thu 4, Fri 5 → late from Mon 8.
    expectWindow('2024-04-02 12:00:00', '2024-04-07 23:59:59', '2024-04-08 00:00:00');
  });

  it('skips Kurban Bayramı 2025 (Thu arife, Fri–Mon Bayram)', () => {
    expectWindow('2025-06-04 11:00:00', '2025-06-12 23:59:59', '2025-06-13 00:00:00');
  });

  it('skips New Year', () => {
    // Tue 31 Dec 2024: [Wed 1 Jan], Thu 2 (1), Fri 3 (2), Mon 6 (3).
    expectWindow('2024-12-31 23:59:59', '2025-01-06 23:59:59', '2025-01-07 00:00:00');
    expectWindow('2025-01-01 00:00:00', '2025-01-06 23:59:59', '2025-01-07 00:00:00');
  });

  it('uses +02 in winter 2015: a Friday 23:30 consent is still Friday, and Wednesday lasts until 22:00Z', () => {
    const consent = new Date('2015-12-04T21:30:00Z'); // Fri 23:30 +02 (Sat 00:30 if +03 were hard-coded)
    expect(isWithinBusinessDays(consent, new Date('2015-12-09T21:30:00Z'))).toBe(true); // Wed 23:30 +02
    expect(isWithinBusinessDays(consent, new Date('2015-12-09T22:00:00Z'))).toBe(false); // Thu 00:00 +02
    expect(registrationDeadline(consent).toISOString()).toBe('2015-12-09T22:00:00.000Z');
    expect(isWithinBusinessDays(new Date('2015-12-04T22:00:00Z'), new Date('2015-12-09T21:59:59Z'))).toBe(true);
  });

  it('uses +03 in summer 2015 and skips Ramazan Bayramı 2015 (15 July was not yet a holiday)', () => {
    // Wed 15 Jul: [Thu 16 arife, Fri 17 Bayram, weekend], Mon 20 (1), Tue 21 (2), Wed 22 (3).
    expectWindow('2015-07-15 10:00:00', '2015-07-22 23:59:59', '2015-07-23 00:00:00');
    expect(registrationDeadline(at('2015-07-15 10:00:00')).toISOString()).toBe('2015-07-22T21:00:00.000Z');
  });

  it('handles Kurban Bayramı 2015, the 28–29 Ekim eve and the delayed 2015 fall-back', () => {
    // Mon 21 Sep: Tue 22 (1), [Wed 23 arife, Thu 24–Sun 27 Bayram], Mon 28 (2), Tue 29 (3).
    expectWindow('2015-09-21 10:00:00', '2015-09-29 23:59:59', '2015-09-30 00:00:00');
    // Tue 27 Oct: [Wed 28 arife, Thu 29], Fri 30 (1), Mon 2 Nov (2), Tue 3 Nov (3).
    expectWindow('2015-10-27 10:00:00', '2015-11-03 23:59:59', '2015-11-04 00:00:00');
    // Fri 6 Nov (+03); the clocks went back on Sun 8 Nov; the deadline Wed 11 Nov ends at 00:00 +02.
    expectWindow('2015-11-06 10:00:00', '2015-11-11 23:59:59', '2015-11-12 00:00:00');
    expect(registrationDeadline(at('2015-11-06 10:00:00')).toISOString()).toBe('2015-11-11T22:00:00.000Z');
  });

  it('counts a half-day eve as a business day only when the calendar is built that way', () => {
    const lenient = createTurkishBusinessCalendar({ halfDayEve: 'business-day' });
    // Fri 5 Apr 2024: Mon 8 (1), Tue 9 arife (2), Mon 15 (3).
    expect(lenient.isWithinBusinessDays(at('2024-04-05 15:00:00'), at('2024-04-15 23:59:59'))).toBe(true);
    expect(lenient.isWithinBusinessDays(at('2024-04-05 15:00:00'), at('2024-04-16 00:00:00'))).toBe(false);
    expect(lenient.isBusinessDay('2024-10-28')).toBe(true);
    // 23 Nisan 2029 is both a full holiday and the Kurban arife: still no business day.
    expect(lenient.isBusinessDay('2029-04-23')).toBe(false);
    expect(isBusinessDay('2029-04-23')).toBe(false);
  });

  it('accepts a consent dated after now (the future-date rule is separate) and honours n', () => {
    expect(isWithinBusinessDays(at('2024-03-05 10:00:00'), at('2024-03-05 09:00:00'))).toBe(true);
    expect(isWithinBusinessDays(at('2024-03-08 10:00:00'), at('2024-03-10 10:00:00'), 0)).toBe(true); // Fri → Sun
    expect(isWithinBusinessDays(at('2024-03-08 10:00:00'), at('2024-03-11 00:00:00'), 0)).toBe(false); // → Mon
    expectWindow('2024-03-01 18:00:00', '2024-03-11 23:59:59', '2024-03-12 00:00:00', 6);
    expect(() => isWithinBusinessDays(at('2024-03-01 18:00:00'), at('2024-03-02 18:00:00'), -1)).toThrow(RangeError);
    expect(() => isWithinBusinessDays(at('2024-03-01 18:00:00'), at('2024-03-02 18:00:00'), 2.5)).toThrow(RangeError);
  });

  it('answers for very old consents without needing years it does not need', () => {
    expect(isWithinBusinessDays(at('2015-05-01 00:00:00'), new Date('2031-06-01T00:00:00Z'))).toBe(false);
    expect(() => isWithinBusinessDays(at('2030-12-30 10:00:00'), new Date('2031-01-03T00:00:00Z'))).toThrow(
      BusinessCalendarOutOfRange,
    );
  });

  it('is exactly "now < registrationDeadline", and once late stays late', () => {
    const instant = fc
      .date({ min: new Date('2015-05-01T00:00:00Z'), max: new Date('2030-11-30T00:00:00Z'), noInvalidDate: true })
      .map((date) => new Date(Math.floor(date.getTime() / 1000) * 1000));
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 30 * 86_400 }), fc.integer({ min: 0, max: 86_400 }), (consent, delay, more) => {
        const now = new Date(consent.getTime() + delay * 1000);
        const later = new Date(now.getTime() + more * 1000);
        const within = isWithinBusinessDays(consent, now);
        expect(within).toBe(now.getTime() < registrationDeadline(consent).getTime());
        if (!within) expect(isWithinBusinessDays(consent, later)).toBe(false);
        // Three business days are never fewer than three calendar days (an hour kept for a 23-hour DST day).
        if (delay < 3 * 86_400 - 3_600) expect(within).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe('calendar overrides', () => {
  it('extends coverage with a year override', () => {
    const calendar = createTurkishBusinessCalendar({
      yearOverrides: {
        2031: [
          { date: '2031-01-01', name: 'Yılbaşı', kind: 'full-day' },
          { date: '2031-01-24', name: 'Ramazan Bayramı (1. gün)', kind: 'full-day' },
        ],
      },
    });
    expect(calendar.coveredYears).toContain(2031);
    expect(calendar.isBusinessDay('2031-01-02')).toBe(true);
    expect(calendar.isBusinessDay('2031-01-24')).toBe(false);
    expect(calendar.isWithinBusinessDays(at('2030-12-30 10:00:00'), new Date('2031-01-03T00:00:00Z'))).toBe(true);
    expect(() => isBusinessDay('2031-01-02')).toThrow(BusinessCalendarOutOfRange); // the default is untouched
  });

  it('replaces a year entirely, adds extra holidays and removes listed ones', () => {
    const calendar = createTurkishBusinessCalendar({
      yearOverrides: { 2027: [{ date: '2027-03-10', name: 'Ramazan Bayramı (corrected)', kind: 'full-day' }] },
      extraHolidays: [{ date: '2024-04-08', name: 'İdari izin (operator policy)', kind: 'full-day' }],
      removedDates: ['2024-04-09'],
    });
    expect(calendar.isBusinessDay('2027-03-09')).toBe(true);
    expect(calendar.isBusinessDay('2027-03-10')).toBe(false);
    expect(calendar.isBusinessDay('2027-01-01')).toBe(true); // the override is the whole year
    expect(calendar.isBusinessDay('2024-04-08')).toBe(false);
    expect(calendar.isBusinessDay('2024-04-09')).toBe(true);
    expect(calendar.holidaysOn('2024-04-08').map((holiday) => holiday.name)).toEqual(['İdari izin (operator policy)']);
  });

  it('rejects override data that is malformed or outside the covered years', () => {
    expect(() =>
      createTurkishBusinessCalendar({ extraHolidays: [{ date: '2032-01-05', name: 'x', kind: 'full-day' }] }),
    ).toThrow(BusinessCalendarOutOfRange);
    expect(() =>
      createTurkishBusinessCalendar({ yearOverrides: { 2031: [{ date: '2030-01-05', name: 'x', kind: 'full-day' }] } }),
    ).toThrow(RangeError);
    expect(() =>
      createTurkishBusinessCalendar({ extraHolidays: [{ date: '2024-02-30', name: 'x', kind: 'full-day' }] }),
    ).toThrow(RangeError);
  });
});
