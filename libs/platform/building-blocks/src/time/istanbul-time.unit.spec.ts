import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  addCalendarDays,
  calendarDaysBetween,
  compareCalendarDays,
  formatIysDateTime,
  isoWeekday,
  istanbulDay,
  istanbulDayBounds,
  ISTANBUL_HOURS_REMEMBERED,
  istanbulHoursRemembered,
  istanbulOffsetMinutes,
  parseIysDate,
  parseIysDateDetailed,
  parseIysDateTime,
  parseIysDateTimeDetailed,
  startOfIstanbulDay,
  startOfNextIstanbulDay,
} from './istanbul-time.js';

const utc = (iso: string) => new Date(iso);
const HOUR = 3_600_000;

describe('Europe/Istanbul offsets', () => {
  it('is +03 in summer 2015 (DST) and +02 in winter 2015', () => {
    expect(istanbulOffsetMinutes(utc('2015-07-15T12:00:00Z'))).toBe(180);
    expect(istanbulOffsetMinutes(utc('2015-01-15T12:00:00Z'))).toBe(120);
    expect(istanbulOffsetMinutes(utc('2015-12-15T12:00:00Z'))).toBe(120);
  });

  it('is +03 all year since 2016-09-07, including winters', () => {
    expect(istanbulOffsetMinutes(utc('2016-12-15T12:00:00Z'))).toBe(180);
    expect(istanbulOffsetMinutes(utc('2024-01-15T12:00:00Z'))).toBe(180);
    expect(istanbulOffsetMinutes(utc('2030-12-31T23:00:00Z'))).toBe(180);
  });

  it('switches at the 2015 transitions (29 Mar 01:00Z; fall-back delayed to 8 Nov 01:00Z)', () => {
    expect(istanbulOffsetMinutes(utc('2015-03-29T00:59:59Z'))).toBe(120);
    expect(istanbulOffsetMinutes(utc('2015-03-29T01:00:00Z'))).toBe(180);
    expect(istanbulOffsetMinutes(utc('2015-11-08T00:59:59Z'))).toBe(180);
    expect(istanbulOffsetMinutes(utc('2015-11-08T01:00:00Z'))).toBe(120);
  });
  it('remembers the offsets of the hours it was asked about, within its bound', () => {
    const before = istanbulHoursRemembered();
    for (let hour = 0; hour < 50; hour++) istanbulOffsetMinutes(new Date(Date.UTC(1990, 0, 1) + hour * HOUR));
    expect(istanbulHoursRemembered()).toBeGreaterThan(before);
    expect(istanbulHoursRemembered()).toBeLessThanOrEqual(ISTANBUL_HOURS_REMEMBERED);
  });
});

describe('formatIysDateTime', () => {
  it('writes Istanbul wall time with the offset of the day', () => {
    expect(formatIysDateTime(utc('2024-06-01T09:30:05Z'))).toBe('2024-06-01 12:30:05');
    expect(formatIysDateTime(utc('2015-12-01T09:30:05Z'))).toBe('2015-12-01 11:30:05');
    expect(formatIysDateTime(utc('2015-07-01T09:30:05Z'))).toBe('2015-07-01 12:30:05');
  });

  it('crosses midnight into the Istanbul day and drops milliseconds', () => {
    expect(formatIysDateTime(utc('2023-12-31T21:00:00.999Z'))).toBe('2024-01-01 00:00:00');
    expect(formatIysDateTime(utc('2023-12-31T20:59:59.999Z'))).toBe('2023-12-31 23:59:59');
  });

  it('uses a 24-hour clock with 00 for midnight', () => {
    expect(formatIysDateTime(utc('2024-03-04T21:00:00Z'))).toBe('2024-03-05 00:00:00');
    expect(formatIysDateTime(utc('2024-03-04T20:00:00Z'))).toBe('2024-03-04 23:00:00');
  });

  it('refuses an invalid Date', () => {
    expect(() => formatIysDateTime(new Date(Number.NaN))).toThrow(RangeError);
  });
});

describe('parseIysDateTime', () => {
  it('reads Istanbul wall time: +03 today, +02 in winter 2015, +03 in summer 2015', () => {
    expect(parseIysDateTime('2024-06-01 12:30:05')?.toISOString()).toBe('2024-06-01T09:30:05.000Z');
    expect(parseIysDateTime('2015-12-01 11:30:05')?.toISOString()).toBe('2015-12-01T09:30:05.000Z');
    expect(parseIysDateTime('2015-07-01 12:30:05')?.toISOString()).toBe('2015-07-01T09:30:05.000Z');
    expect(parseIysDateTime('2015-05-01 00:00:00')?.toISOString()).toBe('2015-04-30T21:00:00.000Z');
  });

  it('accepts the extremes of a real day, including 29 February of a leap year', () => {
    expect(parseIysDateTime('2024-02-29 23:59:59')?.toISOString()).toBe('2024-02-29T20:59:59.000Z');
    expect(parseIysDateTime('2000-02-29 00:00:00')).toBeInstanceOf(Date);
  });

  it.each([
    '2021-02-30 10:00:00',
    '2023-02-29 10:00:00',
    '1900-02-29 10:00:00',
    '2021-04-31 10:00:00',
    '2021-13-01 10:00:00',
    '2021-00-10 10:00:00',
    '2021-01-00 10:00:00',
    '2021-01-32 10:00:00',
    '2021-01-01 24:00:00',
    '2021-01-01 12:60:00',
    '2021-01-01 12:00:60',
    '0000-01-01 00:00:00',
  ])('rejects the impossible %s as invalid-date (H157)', (text) => {
    expect(parseIysDateTimeDetailed(text)).toEqual({ ok: false, reason: 'invalid-date' });
    expect(parseIysDateTime(text)).toBeUndefined();
  });

  it.each([
    '',
    '2021-01-01',
    '2021-01-01T10:00:00',
    '2021-01-01 10:00',
    '2021-01-01 10:00:00.000',
    '2021-01-01 10:00:00Z',
    '2021-01-01 10:00:00+03:00',
    '2021-1-01 10:00:00',
    '2021-01-1 10:00:00',
    '2021-01-01 1:00:00',
    '21-01-01 10:00:00',
    '01-01-2021 10:00:00',
    '2021/01/01 10:00:00',
    ' 2021-01-01 10:00:00',
    '2021-01-01 10:00:00 ',
    '2021-01-01 10:00:00\n',
    '2021-01-01  10:00:00',
    '+2021-01-01 10:00:00',
    '２０２１-01-01 10:00:00',
    '٢٠٢١-01-01 10:00:00',
    '2021-01-01 10:00:00 PM',
  ])('rejects the malformed %j as format (H158)', (text) => {
    expect(parseIysDateTimeDetailed(text)).toEqual({ ok: false, reason: 'format' });
  });

  it('treats a non-string as a format error rather than throwing', () => {
    expect(parseIysDateTimeDetailed(20210101 as unknown as string)).toEqual({ ok: false, reason: 'format' });
    expect(parseIysDateTime(null as unknown as string)).toBeUndefined();
  });

  it('reads a wall time repeated by the 2015 fall-back as its first occurrence (+03)', () => {
    // 2015-11-08 04:00 +03 became 03:00 +02, so 03:30 happened twice.
    expect(parseIysDateTime('2015-11-08 03:30:00')?.toISOString()).toBe('2015-11-08T00:30:00.000Z');
    expect(parseIysDateTime('2015-11-08 04:30:00')?.toISOString()).toBe('2015-11-08T02:30:00.000Z');
  });

  it('reads a wall time skipped by a spring-forward gap with the offset before the gap', () => {
    // 2016-03-27 03:00 +02 became 04:00 +03: 03:30 never showed on a clock; it lands on 04:30 +03.
    const instant = parseIysDateTime('2016-03-27 03:30:00');
    expect(instant?.toISOString()).toBe('2016-03-27T01:30:00.000Z');
    expect(formatIysDateTime(instant as Date)).toBe('2016-03-27 04:30:00');
  });

  it('round-trips: format(parse(text)) === text for texts written from random instants', () => {
    fc.assert(
      fc.property(
        fc.date({ min: utc('1971-01-01T00:00:00Z'), max: utc('2099-12-31T00:00:00Z'), noInvalidDate: true }),
        (instant) => {
          const text = formatIysDateTime(instant);
          expect(text).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
          const parsed = parseIysDateTime(text);
          expect(parsed).toBeInstanceOf(Date);
          expect(formatIysDateTime(parsed as Date)).toBe(text);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('round-trips: parse(format(t)) is t to the second, except in a repeated fall-back hour', () => {
    fc.assert(
      fc.property(
        fc.date({ min: utc('2015-01-01T00:00:00Z'), max: utc('2040-12-31T00:00:00Z'), noInvalidDate: true }),
        (instant) => {
          const truncated = Math.floor(instant.getTime() / 1000) * 1000;
          const back = (parseIysDateTime(formatIysDateTime(instant)) as Date).getTime();
          // The only wall times that map back to another instant are the second pass of a fall-back
          // hour, which parse reads as the first pass: exactly one hour earlier.
          expect([truncated, truncated - HOUR]).toContain(back);
          if (back !== truncated) expect(istanbulOffsetMinutes(instant)).toBe(120);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('rejects random strings that are not exactly YYYY-MM-DD HH:mm:ss', () => {
    const shape = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
    fc.assert(
      fc.property(
        fc.string({ maxLength: 25 }).filter((text) => !shape.test(text)),
        (text) => {
          expect(parseIysDateTimeDetailed(text)).toEqual({ ok: false, reason: 'format' });
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('rejects valid texts damaged by one deleted, inserted or replaced character', () => {
    const digitsOrNoise = fc.constantFrom('0', '9', ' ', '-', ':', 'T', 'a', '/', '.');
    fc.assert(
      fc.property(
        // From the permanent +03 era on, so that no damaged text falls in a DST gap.
        fc.date({ min: utc('2016-09-08T00:00:00Z'), max: utc('2035-01-01T00:00:00Z'), noInvalidDate: true }),
        fc.nat({ max: 18 }),
        fc.constantFrom('delete', 'insert', 'replace'),
        digitsOrNoise,
        (instant, position, edit, character) => {
          const valid = formatIysDateTime(instant);
          const damaged =
            edit === 'delete'
              ? valid.slice(0, position) + valid.slice(position + 1)
              : edit === 'insert'
                ? valid.slice(0, position) + character + valid.slice(position)
                : valid.slice(0, position) + character + valid.slice(position + 1);
          fc.pre(damaged !== valid);
          const result = parseIysDateTimeDetailed(damaged);
          if (result.ok) {
            // A replaced digit can make another real time; then it must still be a faithful parse.
            expect(edit).toBe('replace');
            expect(formatIysDateTime(result.instant)).toBe(damaged);
          } else if (edit !== 'replace' || !/\d/.test(character) || !/\d/.test(valid[position] ?? '')) {
            expect(result.reason).toBe('format');
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('Istanbul calendar days', () => {
  it('gives the Istanbul day of an instant, not the UTC one', () => {
    expect(istanbulDay(utc('2024-01-31T21:00:00Z'))).toBe('2024-02-01');
    expect(istanbulDay(utc('2024-01-31T20:59:59.999Z'))).toBe('2024-01-31');
    // Winter 2015 (+02): 21:30Z is still 23:30 the same day.
    expect(istanbulDay(utc('2015-12-04T21:30:00Z'))).toBe('2015-12-04');
    expect(istanbulDay(utc('2015-12-04T22:00:00Z'))).toBe('2015-12-05');
  });

  it('parses a reportDate strictly (H501) and tells format from impossible date', () => {
    expect(parseIysDate('2020-11-03')).toBe('2020-11-03');
    expect(parseIysDate('2024-02-29')).toBe('2024-02-29');
    expect(parseIysDateDetailed('02-11-2020')).toEqual({ ok: false, reason: 'format' });
    expect(parseIysDateDetailed('2020-11-3')).toEqual({ ok: false, reason: 'format' });
    expect(parseIysDateDetailed('2020-11-03 00:00:00')).toEqual({ ok: false, reason: 'format' });
    expect(parseIysDateDetailed('2020-11-03\n')).toEqual({ ok: false, reason: 'format' });
    expect(parseIysDateDetailed('2023-02-29')).toEqual({ ok: false, reason: 'invalid-date' });
    expect(parseIysDateDetailed('2020-13-01')).toEqual({ ok: false, reason: 'invalid-date' });
    expect(parseIysDate('2020/11/03')).toBeUndefined();
  });

  it('bounds a normal day as [00:00 +03, next 00:00 +03)', () => {
    const { start, endExclusive } = istanbulDayBounds('2020-11-03');
    expect(start.toISOString()).toBe('2020-11-02T21:00:00.000Z');
    expect(endExclusive.toISOString()).toBe('2020-11-03T21:00:00.000Z');
    expect(startOfNextIstanbulDay('2020-11-03')).toEqual(endExclusive);
  });

  it('bounds the short and long DST days of the 2015–2016 era', () => {
    const hours = (day: string) => {
      const { start, endExclusive } = istanbulDayBounds(day);
      return (endExclusive.getTime() - start.getTime()) / HOUR;
    };
    expect(hours('2015-03-29')).toBe(23);
    expect(hours('2015-11-08')).toBe(25);
    expect(hours('2016-03-27')).toBe(23);
    expect(hours('2016-10-30')).toBe(24); // no fall-back any more: permanent +03 from 2016-09-07
    expect(startOfIstanbulDay('2015-12-01').toISOString()).toBe('2015-11-30T22:00:00.000Z');
    expect(startOfIstanbulDay('2015-06-01').toISOString()).toBe('2015-05-31T21:00:00.000Z');
  });

  it('puts every instant in the bucket of its own Istanbul day', () => {
    fc.assert(
      fc.property(
        fc.date({ min: utc('2015-01-01T00:00:00Z'), max: utc('2035-12-31T00:00:00Z'), noInvalidDate: true }),
        (instant) => {
          const day = istanbulDay(instant);
          const { start, endExclusive } = istanbulDayBounds(day);
          expect(start.getTime()).toBeLessThanOrEqual(instant.getTime());
          expect(instant.getTime()).toBeLessThan(endExclusive.getTime());
          expect(istanbulDay(start)).toBe(day);
          expect(formatIysDateTime(start)).toBe(`${day} 00:00:00`);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('refuses a malformed day instead of guessing', () => {
    expect(() => startOfIstanbulDay('2021-02-30')).toThrow(RangeError);
    expect(() => startOfIstanbulDay('20210201')).toThrow(RangeError);
  });

  it('does calendar arithmetic across months, leap days and years', () => {
    expect(addCalendarDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addCalendarDays('2024-02-29', 1)).toBe('2024-03-01');
    expect(addCalendarDays('2023-12-31', 1)).toBe('2024-01-01');
    expect(addCalendarDays('2024-01-01', -1)).toBe('2023-12-31');
    expect(calendarDaysBetween('2015-05-01', '2016-05-01')).toBe(366);
    expect(compareCalendarDays('2024-01-02', '2023-12-31')).toBeGreaterThan(0);
    expect(isoWeekday('2024-04-08')).toBe(1); // Monday
    expect(isoWeekday('2024-04-14')).toBe(7); // Sunday
    expect(isoWeekday('2015-05-01')).toBe(5); // Friday
  });
});
