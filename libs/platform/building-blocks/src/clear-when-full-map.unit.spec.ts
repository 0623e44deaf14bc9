import { describe, expect, it } from '@jest/globals';
import { ClearWhenFullMap } from './clear-when-full-map.js';

describe('ClearWhenFullMap (the bound of a cache: the Istanbul offsets, the session principals)', () => {
  it('never holds more than its bound: full, a new key starts it over', () => {
    const map = new ClearWhenFullMap<number, string>(3);
    for (let key = 0; key < 10; key++) {
      map.set(key, `v${key}`);
      expect(map.size).toBeLessThanOrEqual(3);
    }
    expect(map.get(9)).toBe('v9');
    expect(map.get(0)).toBeUndefined();
    map.set(9, 'again'); // a known key does not start it over
    expect(map.get(9)).toBe('again');
  });
});
