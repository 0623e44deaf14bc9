import { describe, expect, it } from '@jest/globals';
import { FixedClock, parseIysDateTime } from '@iys/platform/building-blocks';
import { checkReportDay, compactDay } from './report-day.js';

const at = (text: string) => parseIysDateTime(text)!;
/** M4 with İYS's window (IYS_MOVEMENT_FILE_WINDOW_DAYS defaults to 7). */
const FILE = { kind: 'recent-day', days: 7 } as const;
const SUMMARY = { kind: 'completed-day' } as const;

describe('which days may be reported (İYS M1–M4), by the Istanbul calendar at an injected clock', () => {
  const clock = new FixedClock(at('2024-10-29 10:00:00'));

  it('takes yesterday and back to today−7 for the movement file (request on 29.10 → 22.10…28.10)', () => {
    for (const day of ['2024-10-28', '2024-10-25', '2024-10-22']) expect(checkReportDay(day, clock.now(), FILE)).toEqual({ ok: true, day });
  });

  it('refuses today and the future with H502', () => {
    expect(checkReportDay('2024-10-29', clock.now(), FILE)).toEqual({ ok: false, code: 'H502' });
    expect(checkReportDay('2024-10-30', clock.now(), FILE)).toEqual({ ok: false, code: 'H502' });
    expect(checkReportDay('2024-10-29', clock.now(), SUMMARY)).toEqual({ ok: false, code: 'H502' });
    expect(checkReportDay('2099-01-01', clock.now(), SUMMARY)).toEqual({ ok: false, code: 'H502' });
  });

  it('refuses a movement file 8 days back with H650, but not the other reports', () => {
    expect(checkReportDay('2024-10-21', clock.now(), FILE)).toEqual({ ok: false, code: 'H650' });
    expect(checkReportDay('2024-10-21', clock.now(), SUMMARY)).toEqual({ ok: true, day: '2024-10-21' });
    expect(checkReportDay('2020-11-03', clock.now(), SUMMARY)).toEqual({ ok: true, day: '2020-11-03' });
  });

  it('takes the window it is given: 3 days back serves 26.10…28.10 and refuses 25.10 with H650', () => {
    const threeDays = { kind: 'recent-day', days: 3 } as const;
    expect(checkReportDay('2024-10-26', clock.now(), threeDays)).toEqual({ ok: true, day: '2024-10-26' });
    expect(checkReportDay('2024-10-25', clock.now(), threeDays)).toEqual({ ok: false, code: 'H650' });
    expect(checkReportDay('2024-10-29', clock.now(), threeDays)).toEqual({ ok: false, code: 'H502' });
    const oneDay = { kind: 'recent-day', days: 1 } as const;
    expect(checkReportDay('2024-10-28', clock.now(), oneDay)).toEqual({ ok: true, day: '2024-10-28' });
    expect(checkReportDay('2024-10-27', clock.now(), oneDay)).toEqual({ ok: false, code: 'H650' });
  });

  it('refuses a malformed or impossible date with H501 before any window rule', () => {
    for (const text of ['02-11-2020', '2020-11-3', '2020/11/03', '2024-02-30', '2024-10-28 00:00:00', '', 'yesterday']) {
      expect(checkReportDay(text, clock.now(), FILE)).toEqual({ ok: false, code: 'H501' });
    }
  });

  it('turns the day at Istanbul midnight, not UTC midnight', () => {
    const lateEvening = new FixedClock(at('2024-10-29 23:59:59'));
    expect(checkReportDay('2024-10-28', lateEvening.now(), FILE).ok).toBe(true);
    expect(checkReportDay('2024-10-29', lateEvening.now(), FILE)).toEqual({ ok: false, code: 'H502' });
    lateEvening.advance(1000); // 2024-10-30 00:00:00 Istanbul, still 21:00 UTC on the 29th
    expect(lateEvening.now().toISOString()).toBe('2024-10-29T21:00:00.000Z');
    expect(checkReportDay('2024-10-29', lateEvening.now(), FILE)).toEqual({ ok: true, day: '2024-10-29' });
    expect(checkReportDay('2024-10-23', lateEvening.now(), FILE)).toEqual({ ok: true, day: '2024-10-23' });
    expect(checkReportDay('2024-10-22', lateEvening.now(), FILE)).toEqual({ ok: false, code: 'H650' });
  });

  it('writes a day compactly for stream ids', () => {
    expect(compactDay('2024-10-28')).toBe('20241028');
  });
});
