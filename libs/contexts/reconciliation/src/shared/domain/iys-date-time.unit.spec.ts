import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { formatIysDateTime } from '@iys/platform/building-blocks';
import { IysDateTimeFormatter } from './iys-date-time.js';

describe('IysDateTimeFormatter: formatIysDateTime for many instants', () => {
  it('formats as formatIysDateTime does, also across the 2015–2016 clock changes and back and forth in time', () => {
    const formatter = new IysDateTimeFormatter();
    // Türkiye's last transitions: 2015-03-29 01:00Z (+02 → +03), 2015-11-08 01:00Z (+03 → +02), 2016-03-27 01:00Z (+02 → +03).
    for (const edge of ['2015-03-29T01:00:00Z', '2015-11-08T01:00:00Z', '2016-03-27T01:00:00Z', '2016-09-06T21:00:00Z']) {
      for (let delta = -3_700_000; delta <= 3_700_000; delta += 250_000) {
        const at = Date.parse(edge) + delta;
        expect(formatter.format(at)).toBe(formatIysDateTime(new Date(at)));
      }
    }
    fc.assert(
      fc.property(fc.array(fc.integer({ min: Date.parse('2014-06-01T00:00:00Z'), max: Date.parse('2030-01-01T00:00:00Z') }), { maxLength: 50 }), (instants) => {
        for (const at of instants) expect(formatter.format(at)).toBe(formatIysDateTime(new Date(at)));
      }),
    );
  });

  it('answers a repeat of the previous second, and the next second, as formatIysDateTime does', () => {
    const formatter = new IysDateTimeFormatter();
    const at = Date.parse('2026-11-23T07:00:00.000Z');
    for (const ms of [at, at + 1, at + 999, at + 1000, at + 999, at - 1]) expect(formatter.format(ms)).toBe(formatIysDateTime(new Date(ms)));
  });
});
