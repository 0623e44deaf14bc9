import { describe, expect, it } from '@jest/globals';
import { WindowCounter } from '@iys/platform/nest';
import { LoginThrottle } from './login-throttle.js';

function throttle(overrides: Partial<ConstructorParameters<typeof LoginThrottle>[0]> = {}) {
  let now = 0;
  const limits = { failuresPerClient: 3, failuresPerAddress: 10, failuresPerUser: 5, ...overrides };
  return { throttle: new LoginThrottle(limits, new WindowCounter(60_000, 100_000, () => now)), advance: (ms: number) => (now += ms) };
}

describe('LoginThrottle', () => {
  it('refuses a (user, address) pair after its failures, not the same user from another address', async () => {
    const { throttle: t } = throttle();
    for (let i = 0; i < 3; i++) {
      expect(await t.allows('Alice', '10.0.0.1')).toBe(true);
      await t.recordFailure('alice', '10.0.0.1');
    }
    expect(await t.allows('ALICE', '10.0.0.1')).toBe(false);
    expect(await t.allows('alice', '10.0.0.2')).toBe(true);
  });

  it('refuses an address that failed across many user names, for every user name', async () => {
    const { throttle: t } = throttle();
    for (let i = 0; i < 10; i++) await t.recordFailure(`user-${i}`, '10.0.0.9');
    expect(await t.allows('someone-else', '10.0.0.9')).toBe(false);
    expect(await t.allows('someone-else', '10.0.0.10')).toBe(true);
  });

  it('past the per-user ceiling refuses only addresses that have failed for that user', async () => {
    const { throttle: t } = throttle();
    for (let i = 1; i <= 5; i++) await t.recordFailure('bob', `10.1.0.${i}`);
    expect(await t.allows('bob', '10.1.0.1')).toBe(false);
    expect(await t.allows('bob', '10.1.9.9')).toBe(true);
  });

  it('forgets failures when the window ends and clears a client on success', async () => {
    const { throttle: t, advance } = throttle();
    for (let i = 0; i < 3; i++) await t.recordFailure('carol', '10.2.0.1');
    expect(await t.allows('carol', '10.2.0.1')).toBe(false);
    advance(60_000);
    expect(await t.allows('carol', '10.2.0.1')).toBe(true);
    await t.recordFailure('carol', '10.2.0.1');
    await t.recordFailure('carol', '10.2.0.1');
    await t.recordSuccess('carol', '10.2.0.1');
    await t.recordFailure('carol', '10.2.0.1');
    expect(await t.allows('carol', '10.2.0.1')).toBe(true);
  });

  it('reports the first failure of a user name in each window (the one recorded as an event)', async () => {
    const { throttle: t, advance } = throttle();
    expect(await t.recordFailure('dave', '10.3.0.1')).toBe(true);
    expect(await t.recordFailure('Dave', '10.3.0.2')).toBe(false);
    advance(60_000);
    expect(await t.recordFailure('dave', '10.3.0.1')).toBe(true);
  });

  it('its window counter keeps at most maxKeys keys, forgetting the least recently counted', () => {
    const counter = new WindowCounter(60_000, 2, () => 0);
    counter.add(['a']);
    counter.add(['b']);
    counter.add(['c']);
    expect(counter.counts(['a', 'b', 'c'])).toEqual([0, 1, 1]);
  });
});
