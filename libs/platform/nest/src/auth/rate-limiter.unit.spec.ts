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
});
