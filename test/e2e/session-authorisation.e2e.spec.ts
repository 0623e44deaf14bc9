import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { decodeJwt, SignJWT, type JWTPayload } from 'jose';
import request from 'supertest';
import { TOKEN_SIGNING_KEY } from '@iys/platform/nest';
import { startTestApp, type TestApp } from './app-harness.js';
import { adminToken, onboardProvider } from './service-provider-flow.js';

/**
 * The token names a session; the role and codes come from that session's user (docs/adr/0022). An
 * attacker holding the signing key can still only act as the session's real user.
 */
describe('authorisation from the session, not from token claims', () => {
  let harness: TestApp;
  let admin: string;
  let signingKey: Buffer;
  const server = () => harness.app.getHttpServer();

  beforeAll(async () => {
    harness = await startTestApp();
    admin = (await adminToken(harness.app)).access;
    // The key the app signs with, exactly as the server holds it.
    signingKey = harness.app.get<Buffer>(TOKEN_SIGNING_KEY);
  });
  afterAll(() => harness.close());

  /** The same token's claims plus `extra`, re-signed with the server's own key. */
  async function resign(token: string, extra: JWTPayload): Promise<string> {
    const { iss, sub, iat, exp, ...claims } = decodeJwt(token);
    return new SignJWT({ ...claims, ...extra })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(iss!)
      .setSubject(sub!)
      .setIssuedAt(iat!)
      .setExpirationTime(exp!)
      .sign(signingKey);
  }

  it('issues tokens that name the user and session only', async () => {
    const provider = await onboardProvider(harness.app, admin);
    const claims = decodeJwt(provider.access);
    expect(Object.keys(claims).sort()).toEqual(['exp', 'iat', 'iss', 'sid', 'sub']);
  });

  it('refuses a provider token re-signed with role admin (401 H351) and never serves admin data', async () => {
    const provider = await onboardProvider(harness.app, admin);
    await request(server()).get('/admin/applications').set('authorization', `Bearer ${admin}`).expect(200);
    const forged = await resign(provider.access, { role: 'admin' });
    const response = await request(server()).get('/admin/applications').set('authorization', `Bearer ${forged}`).expect(401);
    expect(response.body).toEqual({ errors: [expect.objectContaining({ code: 'H351' })] });
    // Without any role claim the session's own role decides: a provider is refused the admin route.
    const refused = await request(server()).get('/admin/applications').set('authorization', `Bearer ${provider.access}`).expect(403);
    expect(refused.body.errors[0].code).toBe('H363');
  });

  it('refuses a token re-signed to claim another provider, and one claiming the session\'s own values still works', async () => {
    const mine = await onboardProvider(harness.app, admin);
    const other = await onboardProvider(harness.app, admin);
    const claimingOther = await resign(mine.access, { role: 'provider', iys: other.iysCode });
    await request(server()).get(`/sps/${other.iysCode}/brands`).set('authorization', `Bearer ${claimingOther}`).expect(401);
    await request(server()).get(`/sps/${mine.iysCode}/brands`).set('authorization', `Bearer ${claimingOther}`).expect(401);
    // A token issued before claims were dropped carried the session's true values: still accepted.
    const truthful = await resign(mine.access, { role: 'provider', iys: mine.iysCode });
    await request(server()).get(`/sps/${mine.iysCode}/brands`).set('authorization', `Bearer ${truthful}`).expect(200);
  });

  it('refuses a re-signed token naming a session of another user', async () => {
    const mine = await onboardProvider(harness.app, admin);
    const adminSession = decodeJwt(admin).sid;
    const crossed = await resign(mine.access, { sid: adminSession });
    await request(server()).get('/admin/applications').set('authorization', `Bearer ${crossed}`).expect(401);
  });
});
