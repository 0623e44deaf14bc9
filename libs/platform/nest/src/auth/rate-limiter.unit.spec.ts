import { describe, expect, it } from '@jest/globals';
import { RateLimiter } from './rate-limiter.js';

describe('RateLimiter', () => {
  it('allows the capacity per window and refills over time, per key', () => {
    let now = 0;
    const limiter = new RateLimiter(3, 1000, () => now);
    expect([1, 2, 3, 4].map(() => limiter.tryTake('a'))).toEqual([true, true, true, false]);
    expect(limiter.tryTake('b')).toBe(true);
    now = 340;
    expect(limiter.tryTake('a')).toBe(true);
    expect(limiter.tryTake('a')).toBe(false);
    now = 2000;
    expect([1, 2, 3, 4].map(() => limiter.tryTake('a'))).toEqual([true, true, true, false]);
  });

  it('forgets the least recently used keys beyond its size', () => {
    let now = 0;
    const limiter = new RateLimiter(1, 1000, () => now, 2);
    limiter.tryTake('a');
    limiter.tryTake('b');
    limiter.tryTake('c');
    expect(limiter.tryTake('a')).toBe(true);
    expect(limiter.tryTake('c')).toBe(false);
  });

  it('holds at most its size of keys, however many distinct keys come within a window', () => {
    const limiter = new RateLimiter(5, 3_600_000, () => 0, 1_000);
    for (let i = 0; i < 50_000; i++) limiter.tryTake(`user-${i}`);
    expect(limiter.size).toBe(1_000);
  });

  it('holds only the keys used within about the last window under a steady stream of one-off keys', () => {
    let now = 0;
    const limiter = new RateLimiter(1, 1000, () => now);
    // 100 new keys a second for a minute: about a second's worth stay.
    for (let i = 0; i < 6_000; i++) {
      limiter.tryTake(`client-${i}`);
      now += 10;
    }
    expect(limiter.size).toBeLessThanOrEqual(101);
    // A key dropped as refilled is allowed again, as it would have been had it stayed.
    expect(limiter.tryTake('client-0')).toBe(true);
    expect(limiter.tryTake('client-5999')).toBe(false);
  });
});
