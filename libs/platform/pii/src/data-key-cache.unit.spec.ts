import { randomBytes } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { FixedClock } from '@iys/platform/building-blocks';
import { DataKeyCache, SHREDDED } from './data-key-cache.js';

describe('DataKeyCache', () => {
  it('drops the least recently used key beyond its bound', () => {
    const cache = new DataKeyCache(2, 60_000, new FixedClock(new Date('2025-01-01T00:00:00Z')));
    const [a, b, c] = [randomBytes(32), randomBytes(32), randomBytes(32)];
    cache.set('a', a);
    cache.set('b', b);
    expect(cache.get('a')).toBe(a); // 'b' is now the least recently used
    cache.set('c', c);
    expect(cache.size).toBe(2);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(a);
    expect(cache.get('c')).toBe(c);
  });

  it('forgets keys after their time to live, but remembers shredding for good', () => {
    const clock = new FixedClock(new Date('2025-01-01T00:00:00Z'));
    const cache = new DataKeyCache(10, 1_000, clock);
    cache.set('live', randomBytes(32));
    cache.set('erased', SHREDDED);
    clock.advance(1_000);
    expect(cache.get('live')).toBeUndefined();
    expect(cache.get('erased')).toBe(SHREDDED);
  });

  it('counts evictions so a racing load can tell its rows may be stale', () => {
    const cache = new DataKeyCache(10, 1_000, new FixedClock(new Date()));
    cache.set('a', randomBytes(32));
    const before = cache.evictions;
    cache.evict('a');
    expect(cache.get('a')).toBeUndefined();
    expect(cache.evictions).toBe(before + 1);
  });

  it('evicts the least recently used tenth at once when full', () => {
    const cache = new DataKeyCache(100, 60_000, new FixedClock(new Date('2025-01-01T00:00:00Z')));
    for (let i = 0; i < 100; i++) cache.set(`k${i}`, randomBytes(32));
    cache.get('k0'); // used again: now the most recent
    cache.set('k100', randomBytes(32));
    expect(cache.size).toBe(90);
    expect(cache.get('k0')).toBeDefined();
    expect(cache.get('k100')).toBeDefined();
    expect(cache.get('k1')).toBeUndefined();
    expect(cache.get('k11')).toBeUndefined();
    expect(cache.get('k12')).toBeDefined();
  });

  it('holds about a time-to-live of keys under a steady stream of new subjects, well under its bound', () => {
    const clock = new FixedClock(new Date('2025-01-01T00:00:00Z'));
    const cache = new DataKeyCache(10_000, 60_000, clock);
    // 20 new subjects a second for ten minutes: 12 000 keys, of which a minute's worth are live.
    for (let i = 0; i < 12_000; i++) {
      cache.set(`k${i}`, randomBytes(32));
      clock.advance(50);
    }
    expect(cache.size).toBeLessThanOrEqual(1_201);
    expect(cache.size).toBeGreaterThanOrEqual(1_100);
    expect(cache.get('k11999')).toBeDefined();
  });

  it('keeps a shredding mark through the sweep, and sweeps the expired keys behind it', () => {
    const clock = new FixedClock(new Date('2025-01-01T00:00:00Z'));
    const cache = new DataKeyCache(100, 1_000, clock);
    cache.set('erased', SHREDDED);
    for (let i = 0; i < 10; i++) cache.set(`old${i}`, randomBytes(32));
    clock.advance(5_000);
    for (let i = 0; i < 10; i++) cache.set(`new${i}`, randomBytes(32));
    expect(cache.size).toBe(11);
    expect(cache.get('erased')).toBe(SHREDDED);
  });
});
