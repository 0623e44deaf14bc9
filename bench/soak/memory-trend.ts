/**
 * What the soak benchmark concludes from its memory samples: pure functions, checked by the unit spec.
 */

/** One reading of the server process, taken right after forced collections. */
export interface MemorySample {
  /** Minutes since the load started. */
  minute: number;
  rssBytes: number;
  heapUsedBytes: number;
}

export interface MemoryTrend {
  /** Samples after the warm-up, from which every figure below is computed. */
  samples: number;
  /** Least-squares slope of heapUsed, in MB per 10 minutes. */
  heapSlopeMbPer10Min: number;
  heapUsedMb: { first: number; last: number; min: number; max: number };
  rssMb: { mean: number; min: number; max: number };
  /** Largest distance of an RSS sample from the mean, in percent of the mean. */
  rssMaxDeviationPct: number;
  /** Least-squares slope of RSS, in MB per 10 minutes (explains a deviation; not a target). */
  rssSlopeMbPer10Min: number;
}

export interface Targets {
  heapSlopeMbPer10Min: number;
  rssMaxDeviationPct: number;
}

const MB = 1024 * 1024;
const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

/** Slope of y over x by least squares (0 with fewer than two distinct x). */
export function leastSquaresSlope(points: readonly { x: number; y: number }[]): number {
  const n = points.length;
  if (n < 2) return 0;
  const meanX = points.reduce((sum, p) => sum + p.x, 0) / n;
  const meanY = points.reduce((sum, p) => sum + p.y, 0) / n;
  let covariance = 0;
  let variance = 0;
  for (const p of points) {
    covariance += (p.x - meanX) * (p.y - meanY);
    variance += (p.x - meanX) ** 2;
  }
  return variance === 0 ? 0 : covariance / variance;
}

/** The trend of the samples taken at or after `warmupMinutes`; undefined when fewer than two remain. */
export function memoryTrend(samples: readonly MemorySample[], warmupMinutes: number): MemoryTrend | undefined {
  const steady = samples.filter((sample) => sample.minute >= warmupMinutes);
  if (steady.length < 2) return undefined;
  const heap = steady.map((sample) => sample.heapUsedBytes / MB);
  const rss = steady.map((sample) => sample.rssBytes / MB);
  const rssMean = rss.reduce((sum, value) => sum + value, 0) / rss.length;
  return {
    samples: steady.length,
    heapSlopeMbPer10Min: round(10 * leastSquaresSlope(steady.map((sample, i) => ({ x: sample.minute, y: heap[i]! }))), 3),
    heapUsedMb: { first: round(heap[0]!, 1), last: round(heap.at(-1)!, 1), min: round(Math.min(...heap), 1), max: round(Math.max(...heap), 1) },
    rssMb: { mean: round(rssMean, 1), min: round(Math.min(...rss), 1), max: round(Math.max(...rss), 1) },
    rssMaxDeviationPct: round((100 * Math.max(...rss.map((value) => Math.abs(value - rssMean)))) / rssMean, 1),
    rssSlopeMbPer10Min: round(10 * leastSquaresSlope(steady.map((sample, i) => ({ x: sample.minute, y: rss[i]! }))), 3),
  };
}

/** Whether a trend meets both targets (a missing trend meets nothing). */
export function meets(trend: MemoryTrend | undefined, targets: Targets): { heap: boolean; rss: boolean } {
  if (trend === undefined) return { heap: false, rss: false };
  return { heap: trend.heapSlopeMbPer10Min <= targets.heapSlopeMbPer10Min, rss: trend.rssMaxDeviationPct <= targets.rssMaxDeviationPct };
}
