import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { startTestApp, type TestApp } from './app-harness.js';
import { adminToken } from './service-provider-flow.js';

/**
 * Password guessing locks out the guessing address, never the real user calling from elsewhere
 * (docs/adr/0022). X-Forwarded-For stands in for distinct client addresses (IYS_TRUST_PROXY=true).
 */
// Each test runs scrypt a few dozen times (about 0.1 s each on an idle machine).
const SCRYPT_HEAVY = 240_000;

describe('password login throttling', () => {
  let harness: TestApp;
  let admin: string;
  const server = () => harness.app.getHttpServer();

  beforeAll(async () => {
    harness = await startTestApp({
      IYS_TRUST_PROXY: 'true',
      IYS_LOGIN_FAILURES_PER_CLIENT: '10',
      IYS_LOGIN_FAILURES_PER_USER: '5',
      IYS_LOGIN_FAILURES_PER_ADDRESS: '8',
    });
    admin = (await adminToken(harness.app)).access;
  }, SCRYPT_HEAVY);
  afterAll(() => harness.close());

  async function createUser(username: string): Promise<{ userId: string; password: string }> {
    const password = `${username}-long-password`;
    const created = await request(server()).post('/admin/users').set('authorization', `Bearer ${admin}`).send({ username, password, role: 'authority' }).expect(201);
    return { userId: created.body.userId, password };
  }

  const login = (address: string, username: string, password: string) =>
    request(server()).post('/oauth2/token').set('x-forwarded-for', address).send({ username, password, grant_type: 'password' });

  it('300 failures from one address lock out that address only; the right password from another address still logs in', async () => {
    const victim = await createUser('victim');
    const statuses = new Map<number, number>();
    for (let i = 0; i < 300; i++) {
      const { status } = await login('203.0.113.7', 'victim', `guess-${i}`);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
    expect([...statuses.keys()].sort()).toEqual([401, 429]);
    expect(statuses.get(401)).toBeLessThanOrEqual(10);

    const fromAttacker = await login('203.0.113.7', 'victim', victim.password).expect(429);
    expect(fromAttacker.body.errors[0].code).toBe('H084');
    const fromUser = await login('198.51.100.2', 'victim', victim.password).expect(200);
    expect(fromUser.body.access_token).toEqual(expect.any(String));

    // Failures are counted, not appended one by one: at most one LoginFailed for the window.
    const { rows } = await harness.db.pool.query(
      `SELECT count(*)::int AS n FROM event_store.events WHERE event_type = 'service-provider.LoginFailed' AND data->>'userId' = $1`,
      [victim.userId],
    );
    expect(rows[0].n).toBe(1);
  }, SCRYPT_HEAVY);

  it('past the per-user ceiling, addresses that failed are refused and an address that never failed is not', async () => {
    const target = await createUser('spread-target');
    for (let i = 1; i <= 5; i++) await login(`198.18.0.${i}`, 'spread-target', 'wrong-password').expect(401);
    // 198.18.0.1 failed once (below its own limit of 10) but the user's ceiling of 5 is reached.
    const failedBefore = await login('198.18.0.1', 'spread-target', target.password).expect(429);
    expect(failedBefore.body.errors[0].code).toBe('H084');
    await login('198.18.1.1', 'spread-target', target.password).expect(200);
  }, SCRYPT_HEAVY);

  it('per-address throttle: an address failing across many user names gets 429 H084 for every user name', async () => {
    const known = await createUser('sprayed');
    for (let i = 0; i < 8; i++) await login('192.0.2.99', `nobody-${i}`, 'wrong-password').expect(401);
    const refused = await login('192.0.2.99', 'sprayed', known.password).expect(429);
    expect(refused.body).toEqual({ errors: [expect.objectContaining({ code: 'H084' })] });
    await login('192.0.2.100', 'sprayed', known.password).expect(200);
  }, SCRYPT_HEAVY);

  it('throttles an unknown user name exactly like a known one', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await login('192.0.2.150', 'no-such-user', 'wrong-password')).status);
    const known = await createUser('known-one');
    for (let i = 0; i < 7; i++) statuses.push((await login('192.0.2.151', 'known-one', 'wrong-password')).status);
    expect(statuses.slice(0, 7)).toEqual(statuses.slice(7));
    expect(statuses).toContain(429);
    await login('192.0.2.152', 'known-one', known.password).expect(200);
  }, SCRYPT_HEAVY);
});
