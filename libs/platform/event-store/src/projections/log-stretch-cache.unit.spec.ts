import { describe, expect, it } from '@jest/globals';
import { LOG_START, type LogPosition, type RecordedEvent } from '../event-store.types.js';
import { LogStretchCache } from './log-stretch-cache.js';

/** A log of `n` events: transaction t holds positions 2t-1 and 2t (two events per transaction). */
const log: RecordedEvent[] = Array.from({ length: 40 }, (_, i) => ({
  globalPosition: BigInt(i + 1),
  transactionId: BigInt(Math.floor(i / 2) + 10),
  streamId: `s-${i}`,
  streamPosition: 1,
  eventId: `e${i + 1}`,
  type: 'test.Ticked',
  schemaVersion: 1,
  data: {},
  metadata: {},
  occurredAt: new Date(0),
  recordedAt: new Date(0),
  hash: Buffer.alloc(0),
}));
const at = (n: number): LogPosition => (n === 0 ? LOG_START : { transactionId: log[n - 1].transactionId, globalPosition: log[n - 1].globalPosition });
/** A read below the horizon after event n (0 = the start), `limit` events long. */
const read = (n: number, limit: number) => log.slice(n, n + limit);
const ids = (events: RecordedEvent[]) => events.map((e) => e.eventId);

describe('the log stretches kept between the daemon\'s passes (docs/adr/0069)', () => {
  it('serves a reader anywhere inside a kept stretch, the events after its position, up to its limit', () => {
    const cache = new LogStretchCache(100);
    cache.keep(at(0), read(0, 10));
    expect(ids(cache.take(at(0), 1000))).toEqual(ids(log.slice(0, 10)));
    expect(ids(cache.take(at(3), 1000))).toEqual(ids(log.slice(3, 10)));
    expect(ids(cache.take(at(3), 4))).toEqual(ids(log.slice(3, 7)));
  });

  it('chains stretches that meet and stops at a gap, so no event is ever skipped', () => {
    const cache = new LogStretchCache(100);
    cache.keep(at(0), read(0, 5));
    cache.keep(at(5), read(5, 5));
    cache.keep(at(12), read(12, 5)); // events 11 and 12 were never read into memory
    expect(ids(cache.take(at(2), 1000))).toEqual(ids(log.slice(2, 10)));
    expect(ids(cache.take(at(2), 4))).toEqual(ids(log.slice(2, 6)));
    expect(cache.take(at(10), 1000)).toEqual([]);
    expect(ids(cache.take(at(13), 1000))).toEqual(ids(log.slice(13, 17)));
  });

  it('serves overlapping reads once each event, in order', () => {
    const cache = new LogStretchCache(100);
    cache.keep(at(0), read(0, 8));
    cache.keep(at(4), read(4, 8));
    expect(ids(cache.take(at(1), 1000))).toEqual(ids(log.slice(1, 12)));
  });

  it('has nothing for a reader at or past the end of what it keeps, nor before its first stretch', () => {
    const cache = new LogStretchCache(100);
    cache.keep(at(5), read(5, 5));
    expect(cache.take(at(10), 1000)).toEqual([]);
    expect(cache.take(at(20), 1000)).toEqual([]);
    expect(cache.take(at(2), 1000)).toEqual([]);
  });

  it('drops its oldest stretches beyond its bound', () => {
    const cache = new LogStretchCache(10);
    cache.keep(at(0), read(0, 6));
    cache.keep(at(6), read(6, 6));
    expect(cache.size).toBe(6);
    expect(cache.take(at(0), 1000)).toEqual([]);
    expect(ids(cache.take(at(6), 1000))).toEqual(ids(log.slice(6, 12)));
    cache.keep(at(12), []);
    expect(cache.size).toBe(6);
  });
});
