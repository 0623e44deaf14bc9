import { describe, expect, it } from '@jest/globals';
import { leastSquaresSlope, meets, memoryTrend, type MemorySample } from './memory-trend.js';

const MB = 1024 * 1024;
const TARGETS = { heapSlopeMbPer10Min: 1, rssMaxDeviationPct: 10 };

/** A sample every half minute for `minutes`, heap and RSS (in MB) given by the functions of the minute. */
function series(minutes: number, heapMb: (minute: number) => number, rssMb: (minute: number) => number): MemorySample[] {
  return Array.from({ length: minutes * 2 + 1 }, (_, i) => i / 2).map((minute) => ({ minute, heapUsedBytes: heapMb(minute) * MB, rssBytes: rssMb(minute) * MB }));
}

describe('memory trend of the soak benchmark', () => {
  it('fits a straight line by least squares', () => {
    expect(leastSquaresSlope([{ x: 0, y: 1 }, { x: 1, y: 3 }, { x: 2, y: 5 }])).toBeCloseTo(2, 10);
    expect(leastSquaresSlope([{ x: 0, y: 1 }, { x: 1, y: 0 }, { x: 2, y: 1 }, { x: 3, y: 0 }])).toBeCloseTo(-0.2, 10);
    expect(leastSquaresSlope([{ x: 1, y: 1 }])).toBe(0);
  });

  it('ignores the warm-up: a climb that stops is flat afterwards and meets both targets', () => {
    const trend = memoryTrend(series(20, (m) => (m < 3 ? 40 + 10 * m : 70 + (m % 1 === 0 ? 0.2 : -0.2)), () => 250), 5);
    expect(trend).toMatchObject({ samples: 31, rssMb: { mean: 250, min: 250, max: 250 }, rssMaxDeviationPct: 0 });
    expect(Math.abs(trend!.heapSlopeMbPer10Min)).toBeLessThan(0.1);
    expect(meets(trend, TARGETS)).toEqual({ heap: true, rss: true });
  });

  it('reports the 40-minute leak of 3 MB a minute as 30 MB per 10 minutes, and RSS that climbs with it as not flat', () => {
    const trend = memoryTrend(series(40, (m) => 50 + 3 * m, (m) => 228 + 3 * m), 5);
    expect(trend!.heapSlopeMbPer10Min).toBeCloseTo(30, 3);
    expect(trend!.rssSlopeMbPer10Min).toBeCloseTo(30, 3);
    expect(trend!.rssMaxDeviationPct).toBeGreaterThan(10);
    expect(meets(trend, TARGETS)).toEqual({ heap: false, rss: false });
  });

  it('meets nothing without at least two samples after the warm-up', () => {
    expect(memoryTrend(series(4, () => 50, () => 200), 5)).toBeUndefined();
    expect(meets(undefined, TARGETS)).toEqual({ heap: false, rss: false });
  });
});
