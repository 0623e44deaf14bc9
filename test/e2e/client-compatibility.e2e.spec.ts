import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { formatIysDateTime } from '@iys/platform/building-blocks';
import { ProjectionRunner } from '@iys/platform/event-store';
import { ProjectionRegistry } from '@iys/platform/nest';
import { startTestApp, type TestApp } from './app-harness.js';
import { adminToken, applicationBody, onboardProvider } from './service-provider-flow.js';

/** The exact requests third-party İYS client libraries send, where they differ from the documented ones. */
describe('what real İYS clients send', () => {
  let harness: TestApp;
  let admin: string;
  let provider: Awaited<ReturnType<typeof onboardProvider>>;
  const server = () => harness.app.getHttpServer();
  const auth = () => ({ authorization: `Bearer ${provider.access}` });

  beforeAll(async () => {
    harness = await startTestApp();
    admin = (await adminToken(harness.app)).access;
    provider = await onboardProvider(harness.app, admin);
  });
  afterAll(() => harness.close());

  it('numbers the master brand with the iysCode (GET /sps/{iysCode}/brands lists it so); other brands keep their own codes', async () => {
    const [master, second] = provider.brands;
    expect(master).toMatchObject({ brandCode: provider.iysCode, master: true });
    expect(second.brandCode).not.toBe(provider.iysCode);
    const listed = await request(server()).get(`/sps/${provider.iysCode}/brands`).set(auth()).expect(200);
    expect(listed.body.map((b: { brandCode: number; master: boolean }) => [b.brandCode, b.master])).toEqual([
      [provider.iysCode, true],
      [second.brandCode, false],
    ]);
    // A brand added later draws from the same number space, so it can never equal another provider's iysCode.
    const next = await onboardProvider(harness.app, admin);
    expect(new Set([provider.iysCode, second.brandCode, next.iysCode, next.brands[1].brandCode]).size).toBe(4);
    // The master brand code works on the consent routes like any other.
    await request(server())
      .post(`/sps/${provider.iysCode}/brands/${provider.iysCode}/consents`)
      .set(auth())
      .send({ recipient: '+905329990001', recipientType: 'BIREYSEL', type: 'MESAJ', status: 'ONAY', source: 'HS_WEB', consentDate: formatIysDateTime(new Date(Date.now() - 3600_000)) })
      .expect(200);
  });

  it('serves C6 called bare (no query parameters) as source=HS, first page', async () => {
    const brandCode = provider.brands[1].brandCode;
    const base = `/sps/${provider.iysCode}/brands/${brandCode}`;
    await request(server())
      .post(`${base}/consents`)
      .set(auth())
      .send({ recipient: '+905329990002', recipientType: 'BIREYSEL', type: 'ARAMA', status: 'ONAY', source: 'HS_WEB', consentDate: formatIysDateTime(new Date(Date.now() - 3600_000)) })
      .expect(200);
    const feed = harness.app.get(ProjectionRegistry).all().find((p) => p.name === 'consent.changes')!;
    await harness.app.get(ProjectionRunner).waitUntilCaughtUp(feed, { timeoutMs: 15_000 });
    const bare = await request(server()).get(`${base}/consents/changes`).set(auth()).expect(200);
    const explicit = await request(server()).get(`${base}/consents/changes?source=HS`).set(auth()).expect(200);
    expect(bare.body).toEqual(explicit.body);
    expect(bare.body.list.map((c: { recipient: string }) => c.recipient)).toEqual(['+905329990002']);
  });

  it('answers H195 for a brand the provider does not have on every consent route, not an empty list', async () => {
    const base = `/sps/${provider.iysCode}/brands/999999`;
    const answers = await Promise.all([
      request(server()).post(`${base}/consents`).set(auth()).send({ recipient: '+905329990003', recipientType: 'BIREYSEL', type: 'MESAJ', status: 'ONAY', source: 'HS_WEB', consentDate: formatIysDateTime(new Date(Date.now() - 3600_000)) }),
      request(server()).post(`${base}/consents/status`).set(auth()).send({ recipient: '+905329990003', recipientType: 'BIREYSEL', type: 'MESAJ' }),
      request(server()).post(`${base}/consents/request`).set(auth()).send([{ recipient: '+905329990003', recipientType: 'BIREYSEL', type: 'MESAJ', status: 'ONAY', source: 'HS_WEB', consentDate: formatIysDateTime(new Date(Date.now() - 3600_000)) }]),
      request(server()).post(`${base}/consents/BIREYSEL/status/MESAJ`).set(auth()).send({ recipients: ['+905329990003'] }),
      request(server()).get(`${base}/consents/changes?source=HS`).set(auth()),
      request(server()).get(`${base}/consents/changes`).set(auth()),
    ]);
    for (const answer of answers) {
      expect([answer.status, answer.body.errors?.[0]]).toEqual([403, { code: 'H195', message: 'Marka bilgisi için sunucuda arama yapılamadı.', location: ['brandCode'] }]);
    }
    // A known brand with nothing to report still answers an empty list or H641.
    const known = `/sps/${provider.iysCode}/brands/${provider.iysCode}`;
    expect((await request(server()).post(`${known}/consents/BIREYSEL/status/EPOSTA`).set(auth()).send({ recipients: ['a@ornek.com.tr'] }).expect(200)).body.list).toEqual([]);
    expect((await request(server()).post(`${known}/consents/status`).set(auth()).send({ recipient: 'b@ornek.com.tr', recipientType: 'BIREYSEL', type: 'EPOSTA' }).expect(404)).body.errors[0].code).toBe('H641');
  });

  it('gives the tokens under both spellings, also to a form-encoded request (A1)', async () => {
    const form = await request(server())
      .post('/oauth2/token')
      .type('form')
      .send({ grant_type: 'password', username: provider.username, password: provider.password })
      .expect(200);
    expect(form.body.accessToken).toBe(form.body.access_token);
    expect(form.body.refreshToken).toBe(form.body.refresh_token);
    await request(server()).get(`/sps/${provider.iysCode}/brands`).set('authorization', `Bearer ${form.body.accessToken}`).expect(200);
    const refreshed = await request(server()).post('/oauth2/token').send({ grant_type: 'refresh_token', refresh_token: form.body.refreshToken }).expect(200);
    expect(refreshed.body.refreshToken).toBe(refreshed.body.refresh_token);
  });

  it('serves the 2020 endpoints /oauth/token and /oauth/refresh with their answer shape, marked deprecated', async () => {
    const issued = await request(server()).post('/oauth/token').send({ username: provider.username, password: provider.password }).expect(200);
    expect(issued.body).toEqual({
      status: true,
      message: expect.any(String),
      result: { accessToken: expect.any(String), refreshToken: expect.any(String), expiresIn: 7200, tokenType: 'bearer' },
    });
    await request(server()).get(`/sps/${provider.iysCode}/brands`).set('authorization', `Bearer ${issued.body.result.accessToken}`).expect(200);
    const refreshed = await request(server()).post('/oauth/refresh').send({ refreshToken: issued.body.result.refreshToken }).expect(200);
    expect(refreshed.body.result.refreshToken).not.toBe(issued.body.result.refreshToken);
    // The old refresh token was rotated away, as on /oauth2/token.
    expect((await request(server()).post('/oauth/refresh').send({ refreshToken: issued.body.result.refreshToken })).status).toBe(401);
    const wrong = await request(server()).post('/oauth/token').send({ username: provider.username, password: 'not-the-password' }).expect(401);
    expect(wrong.body.errors[0].code).toBe('H251');
    expect((await request(server()).post('/oauth/token').send({}).expect(400)).body.errors[0].code).toBe('H250');
    // A NUL in the user name is bad input on both spellings of the endpoint, never a 500.
    for (const path of ['/oauth/token', '/oauth2/token']) {
      const nul = await request(server()).post(path).send({ grant_type: 'password', username: 'ali\u0000@example.com', password: 'x' }).expect(400);
      expect(nul.body.errors[0].code).toBe('H250');
    }
    const document = (await request(server()).get('/docs/openapi.json').expect(200)).body;
    expect(document.paths['/oauth/token'].post.deprecated).toBe(true);
    expect(document.paths['/oauth/refresh'].post.deprecated).toBe(true);
  });

  it('approves an application posted with no body at all, with the defaults', async () => {
    const submitted = await request(server()).post('/applications').send(applicationBody()).expect(201);
    const approved = await request(server()).post(`/admin/applications/${submitted.body.applicationId}/approve`).set('authorization', `Bearer ${admin}`).expect(200);
    expect(approved.body).toMatchObject({ iysCode: expect.any(Number), brands: expect.any(Array) });
    // A body that is there must still be valid.
    const other = await request(server()).post('/applications').send(applicationBody()).expect(201);
    await request(server()).post(`/admin/applications/${other.body.applicationId}/approve`).set('authorization', `Bearer ${admin}`).send({ activationDate: 'soon' }).expect(422);
  });
});
