import { describe, expect, it } from '@jest/globals';
import { ProcessGroup, SharedObjects } from './process-group.js';

describe('ProcessGroup', () => {
  it('alone, keeps its limiters in its own memory on the clock it is given and has nobody to tell', async () => {
    let now = 0;
    const group = new ProcessGroup();
    const limiter = group.rateLimiter('requests', 2, 1000, () => now);
    expect([limiter.tryTake('u'), limiter.tryTake('u'), limiter.tryTake('u')]).toEqual([true, true, false]);
    now += 500;
    expect(limiter.tryTake('u')).toBe(true);
    expect(group.role).toBe('alone');
    expect(await group.broadcast({ kind: 'anything' })).toEqual([]);
  });
});

describe('SharedObjects (held by the primary)', () => {
  it('creates an object on its first use and answers every later call from the same one', () => {
    const objects = new SharedObjects(() => 0);
    const spec = { kind: 'rate-limiter' as const, capacity: 1, windowMs: 1000 };
    expect(objects.invoke('limit', spec, 'tryTake', ['u'])).toBe(true);
    expect(objects.invoke('limit', spec, 'tryTake', ['u'])).toBe(false);
    const counter = { kind: 'window-counter' as const, windowMs: 1000 };
    expect(objects.invoke('failures', counter, 'add', [['a', 'a', 'b']])).toEqual([1, 2, 1]);
    expect(objects.invoke('failures', counter, 'counts', [['a', 'b', 'c']])).toEqual([2, 1, 0]);
  });

  it('calls only the shared methods a member may call', () => {
    const objects = new SharedObjects();
    expect(() => objects.invoke('limit', { kind: 'rate-limiter', capacity: 1, windowMs: 1000 }, 'constructor', [])).toThrow('no shared method');
  });
});
