import { describe, expect, it } from '@jest/globals';
import type { SessionPrincipal } from './accounts.port.js';
import { SessionPrincipalCache } from './session-principal-cache.js';

const row = (overrides: Partial<SessionPrincipal> = {}): SessionPrincipal =>
  ({ open: true, allowedIps: [], role: 'provider', iysCode: 1, integratorCode: null, brandCode: null, retailerCode: null, ...overrides }) as SessionPrincipal;

function setUp(ttlMs = 1000) {
  let clock = 0;
  let loads = 0;
  let current = row();
  const cache = new SessionPrincipalCache(ttlMs, 3, () => clock);
  const load = async () => {
    loads += 1;
    return current;
  };
  return {
    cache,
    get: (sessionId = 's1', userId = 'u1') => cache.get(sessionId, userId, load),
    advance: (ms: number) => (clock += ms),
    set: (next: SessionPrincipal) => (current = next),
    loads: () => loads,
  };
}

describe('SessionPrincipalCache', () => {
  it('answers a session from memory within its time to live, and reads it again after', async () => {
    const t = setUp();
    await t.get();
    t.advance(999);
    await t.get();
    expect(t.loads()).toBe(1);
    t.set(row({ open: false }));
    t.advance(1);
    expect((await t.get())?.open).toBe(false);
    expect(t.loads()).toBe(2);
  });

  it('forgets a session at once when it is evicted, or when its user is', async () => {
    const t = setUp();
    await t.get('s1', 'u1');
    await t.get('s2', 'u1');
    t.cache.evictSession('s1');
    await t.get('s1', 'u1');
    expect(t.loads()).toBe(3);
    t.cache.evictUser('u1');
    await t.get('s2', 'u1');
    await t.get('s1', 'u1');
    expect(t.loads()).toBe(5);
  });

  it('never remembers a refusal, nor a row read while an eviction happened', async () => {
    const t = setUp();
    t.set(row({ open: false }));
    await t.get();
    await t.get();
    expect(t.loads()).toBe(2);

    t.set(row());
    let release!: () => void;
    const slow = new SessionPrincipalCache(1000, 10, () => 0);
    const pending = slow.get('s1', 'u1', () => new Promise<SessionPrincipal>((resolve) => (release = () => resolve(row()))));
    slow.evictSession('s1'); // a revocation committed while the read was in flight
    release();
    await pending;
    expect(slow.size).toBe(0);
  });

  it('remembers nothing read within its time to live after an eviction (the change may not have committed yet)', async () => {
    const t = setUp();
    t.cache.evictSession('s9'); // evicted in the append's transaction, before its commit
    t.advance(999);
    await t.get();
    await t.get();
    expect(t.loads()).toBe(2);
    t.advance(1);
    await t.get();
    await t.get();
    expect(t.loads()).toBe(3);
  });

  it('does not answer a session for another user id, and stays within its bound', async () => {
    const t = setUp();
    await t.get('s1', 'u1');
    await t.get('s1', 'u2');
    expect(t.loads()).toBe(2);
    for (const id of ['a', 'b', 'c', 'd']) await t.get(id, 'u1');
    expect(t.cache.size).toBeLessThanOrEqual(3);
  });

  it('remembers nothing when its time to live is zero', async () => {
    const t = setUp(0);
    await t.get();
    await t.get();
    expect(t.loads()).toBe(2);
  });
});
