import { describe, expect, it } from '@jest/globals';
import { LoginThrottle } from './login-throttle.js';

function throttle(overrides: Partial<ConstructorParameters<typeof LoginThrottle>[0]> = {}) {
  let now = 0;
  const limits = { failuresPerClient: 3, failuresPerAddress: 10, failuresPerUser: 5, windowMs: 60_000, ...overrides };
  return { throttle: new LoginThrottle(limits, () => now), advance: (ms: number) => (now += ms) };
}

describe('LoginThrottle', () => {
  it('refuses a (user, address) pair after its failures, not the same user from another address', () => {
    const { throttle: t } = throttle();
    for (let i = 0; i < 3; i++) {
      expect(t.allows('Alice', '10.0.0.1')).toBe(true);
      t.recordFailure('alice', '10.0.0.1');
    }
    expect(t.allows('ALICE', '10.0.0.1')).toBe(false);
    expect(t.allows('alice', '10.0.0.2')).toBe(true);
  });

  it('refuses an address that failed across many user names, for every user name', () => {
    const { throttle: t } = throttle();
    for (let i = 0; i < 10; i++) t.recordFailure(`user-${i}`, '10.0.0.9');
    expect(t.allows('someone-else', '10.0.0.9')).toBe(false);
    expect(t.allows('someone-else', '10.0.0.10')).toBe(true);
  });

  it('past the per-user ceiling refuses only addresses that have failed for that user', () => {
    const { throttle: t } = throttle();
    for (let i = 1; i <= 5; i++) t.recordFailure('bob', `10.1.0.${i}`);
    expect(t.allows('bob', '10.1.0.1')).toBe(false);
    expect(t.allows('bob', '10.1.9.9')).toBe(true);
  });

  it('forgets failures when the window ends and clears a client on success', () => {
    const { throttle: t, advance } = throttle();
    for (let i = 0; i < 3; i++) t.recordFailure('carol', '10.2.0.1');
    expect(t.allows('carol', '10.2.0.1')).toBe(false);
    advance(60_000);
    expect(t.allows('carol', '10.2.0.1')).toBe(true);
    t.recordFailure('carol', '10.2.0.1');
    t.recordFailure('carol', '10.2.0.1');
    t.recordSuccess('carol', '10.2.0.1');
    t.recordFailure('carol', '10.2.0.1');
    expect(t.allows('carol', '10.2.0.1')).toBe(true);
  });

  it('reports the first failure of a user name in each window (the one recorded as an event)', () => {
    const { throttle: t, advance } = throttle();
    expect(t.recordFailure('dave', '10.3.0.1')).toBe(true);
    expect(t.recordFailure('Dave', '10.3.0.2')).toBe(false);
    advance(60_000);
    expect(t.recordFailure('dave', '10.3.0.1')).toBe(true);
  });

  it('keeps at most maxKeys keys per counter, forgetting the least recently counted', () => {
    const { throttle: t } = throttle({ maxKeys: 2, failuresPerAddress: 1 });
    t.recordFailure('u', '10.4.0.1');
    t.recordFailure('u', '10.4.0.2');
    t.recordFailure('u', '10.4.0.3');
    expect(t.allows('x', '10.4.0.1')).toBe(true); // evicted
    expect(t.allows('x', '10.4.0.3')).toBe(false);
  });
});
