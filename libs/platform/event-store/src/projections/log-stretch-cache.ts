import { comparePositions, positionOf, type LogPosition, type RecordedEvent } from '../event-store.types.js';

/** A stretch of the log read below the xmin horizon: every event in (after, last], in commit order. */
interface Stretch {
  after: LogPosition;
  last: LogPosition;
  events: readonly RecordedEvent[];
}

/**
 * The log stretches a daemon's passes have read lately, kept so that its other latency class reads
 * them from memory instead of from the database a second time (docs/adr/0069).
 *
 * A read below the xmin horizon is final: no transaction that commits later can hold a position at
 * or below the read's last event (ADR 0004), so the stretch (after, last] is the whole log over that
 * interval, for ever. `take` therefore serves a reader at any position inside a kept stretch, chaining
 * stretches only where one starts exactly where the previous ends (never across a gap), and the
 * reader goes to the database for the rest. Bounded: the oldest stretches are dropped once more than
 * `maxEvents` are kept.
 */
export class LogStretchCache {
  private readonly stretches: Stretch[] = [];
  private kept = 0;

  constructor(private readonly maxEvents: number) {}

  /** Keeps a read: `events` are every event after `after` below the horizon, up to the read's limit. */
  keep(after: LogPosition, events: readonly RecordedEvent[]): void {
    if (events.length === 0 || this.maxEvents <= 0) return;
    this.stretches.push({ after, last: positionOf(events[events.length - 1]), events });
    this.kept += events.length;
    while (this.kept > this.maxEvents && this.stretches.length > 0) this.kept -= this.stretches.shift()!.events.length;
  }

  /**
   * Up to `limit` events after `after`, in commit order, from kept stretches only: every event of the
   * log in (after, last of the answer], none missing, none twice. Empty when no kept stretch holds
   * the position.
   */
  take(after: LogPosition, limit: number): RecordedEvent[] {
    const out: RecordedEvent[] = [];
    let at = after;
    while (out.length < limit) {
      const stretch = this.stretches.find((s) => comparePositions(s.after, at) <= 0 && comparePositions(at, s.last) < 0);
      if (stretch === undefined) break;
      const from = firstAfter(stretch.events, at);
      const end = Math.min(stretch.events.length, from + (limit - out.length));
      for (let i = from; i < end; i++) out.push(stretch.events[i]);
      at = positionOf(stretch.events[end - 1]);
    }
    return out;
  }

  get size(): number {
    return this.kept;
  }
}

/** Index of the first event of the (ordered) batch after `position`. */
export function firstAfter(batch: readonly RecordedEvent[], position: LogPosition): number {
  let low = 0;
  let high = batch.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (comparePositions(positionOf(batch[mid]), position) <= 0) low = mid + 1;
    else high = mid;
  }
  return low;
}
