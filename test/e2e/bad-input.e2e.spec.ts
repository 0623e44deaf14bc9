import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { startTestApp, type TestApp } from './app-harness.js';
import { signInRecipient } from './recipient-flow.js';
import { adminToken, applicationBody, onboardProvider } from './service-provider-flow.js';

/**
 * Bad values that used to reach PostgreSQL (500) or slip through (accepted): each answers with its
 * field's own code in the İYS envelope, and none appends an event.
 */
describe('bad input: range-checked numbers, safe text, admin values', () => {
  let harness: TestApp;
  let admin: string;
  let provider: Awaited<ReturnType<typeof onboardProvider>>;
  let recipient: string;
  let eventsBefore: number;
  const server = () => harness.app.getHttpServer();
  const events = async () => Number((await harness.db.pool.query<{ n: string }>('SELECT count(*) AS n FROM event_store.events')).rows[0].n);
  const consentsPath = () => `/sps/${provider.iysCode}/brands/${provider.brands[0].brandCode}/consents`;
  const c1 = (overrides: Record<string, unknown>) => ({
    recipient: '+905321234567',
    recipientType: 'BIREYSEL',
    status: 'ONAY',
    type: 'MESAJ',
    source: 'HS_WEB',
    consentDate: '2026-11-20 10:00:00',
    ...overrides,
  });
  const codesOf = (body: { errors?: { code: string; location?: unknown[] }[] }) => (body.errors ?? []).map((e) => [e.code, ...(e.location ?? [])].join(':'));

  beforeAll(async () => {
    harness = await startTestApp();
    admin = (await adminToken(harness.app)).access;
    provider = await onboardProvider(harness.app, admin);
    recipient = await signInRecipient(harness.app, '+905339990077');
    eventsBefore = await events();
  }, 180_000);
  afterAll(() => harness.close());

  it.each([
    ['retailerCode above 2147483647', { retailerCode: 2147483648 }, 'H603:retailerCode'],
    ['retailerCode 1e308', { retailerCode: 1e308 }, 'H603:retailerCode'],
    ['retailerCode -1', { retailerCode: -1 }, 'H603:retailerCode'],
    ['retailerCode 1.5', { retailerCode: 1.5 }, 'H603:retailerCode'],
    ['a retailerAccess item above 2147483647', { retailerAccess: [44445555, 2147483648] }, 'H603:retailerAccess:1'],
  ])('C1 refuses %s with the field code (H603, 400)', async (_case, overrides, code) => {
    const response = await request(server()).post(consentsPath()).set('authorization', `Bearer ${provider.access}`).send(c1(overrides));
    expect(response.status).toBe(400);
    expect(codesOf(response.body)).toEqual([code]);
  });

  it('refuses path codes outside PostgreSQL integer range with H190/H191', async () => {
    const brands = await request(server()).get('/sps/99999999999/brands').set('authorization', `Bearer ${admin}`);
    expect(brands.status).toBe(422);
    expect(codesOf(brands.body)).toEqual(['H190:iysCode']);
    const brand = await request(server())
      .delete(`/admin/service-providers/${provider.iysCode}/brands/2147483648`)
      .set('authorization', `Bearer ${admin}`);
    expect(brand.status).toBe(422);
    expect(codesOf(brand.body)).toEqual(['H191:brandCode']);
    const integrator = await request(server())
      .put(`/sps/${provider.iysCode}/integrators/2147483648`)
      .set('authorization', `Bearer ${provider.access}`)
      .send({ types: ['MESAJ'], agreementControl: true });
    expect(integrator.status).toBe(422);
    expect(codesOf(integrator.body)).toEqual(['H190:integratorCode']);
    const rejection = await request(server()).post('/recipients/me/brands/9999999999/rejection').set('authorization', `Bearer ${recipient}`).send({});
    expect(rejection.status).toBe(422);
    expect(codesOf(rejection.body)).toEqual(['H676:brandCode']);
  });

  it('answers an integrator whose path code is out of range with H190, before any query', async () => {
    const { integratorCode } = (await request(server()).post('/admin/integrators').set('authorization', `Bearer ${admin}`).send({ title: 'Sınır Entegrasyon A.Ş.' }).expect(201)).body;
    await request(server())
      .post('/admin/users')
      .set('authorization', `Bearer ${admin}`)
      .send({ username: 'range-integrator', password: 'a-long-enough-password', role: 'integrator', integratorCode })
      .expect(201);
    const token = (await request(server()).post('/oauth2/token').send({ grant_type: 'password', username: 'range-integrator', password: 'a-long-enough-password' }).expect(200)).body.access_token;
    const response = await request(server()).get('/sps/99999999999/brands').set('authorization', `Bearer ${token}`);
    expect(response.status).toBe(422);
    expect(codesOf(response.body)).toEqual(['H190:iysCode']);
    eventsBefore = await events();
  });

  it('refuses body codes outside the range in admin, integrator and audit bodies', async () => {
    const user = await request(server())
      .post('/admin/users')
      .set('authorization', `Bearer ${admin}`)
      .send({ username: 'big-code', password: 'a-long-enough-password', role: 'provider', iysCode: 2147483648 });
    expect(user.status).toBe(422);
    expect(codesOf(user.body)).toEqual(['H628:iysCode']);
    const grant = await request(server())
      .put(`/sps/${provider.iysCode}/integrators/900001`)
      .set('authorization', `Bearer ${provider.access}`)
      .send({ types: ['MESAJ'], agreementControl: true, brandCodes: [1e308] });
    expect(codesOf(grant.body)).toEqual(['H631:brandCodes:0']);
    const audit = await request(server())
      .post('/audit/as-of')
      .set('authorization', `Bearer ${admin}`)
      .send({ recipient: '+905321234567', recipientType: 'BIREYSEL', type: 'MESAJ', brandCode: 2147483648, at: '2026-11-20 10:00:00' });
    expect(audit.status).toBe(422);
    expect(codesOf(audit.body)).toContain('H191:brandCode');
  });

  it.each([
    ['NUL', 'ali\u0000veli@example.com'],
    ['a right-to-left override', 'ali\u202Eveli@example.com'],
    ['a left-to-right isolate', 'ali\u2066@example.com'],
    ['a lone surrogate', 'ali\uD800@example.com'],
  ])('refuses an e-mail recipient with %s: H120, nothing queued', async (_case, address) => {
    const response = await request(server())
      .post(consentsPath())
      .set('authorization', `Bearer ${provider.access}`)
      .send(c1({ recipient: address, type: 'EPOSTA' }));
    expect(response.status).toBe(422);
    expect(codesOf(response.body)).toEqual(['H120:recipient']);
    expect(response.text).not.toContain('veli');
  });

  it('refuses a phone recipient with a bidi override with H121, and a recipient sign-in with H660', async () => {
    const consent = await request(server()).post(consentsPath()).set('authorization', `Bearer ${provider.access}`).send(c1({ recipient: '+90532\u202E1234567' }));
    expect(codesOf(consent.body)).toEqual(['H121:recipient']);
    const signIn = await request(server()).post('/recipients/auth/codes').send({ recipient: 'ali\u0000@example.com' });
    expect(signIn.status).toBe(422);
    expect(codesOf(signIn.body)).toEqual(['H660:recipient']);
  });

  it('refuses names and titles with control or format characters with their codes', async () => {
    const title = await request(server()).post('/applications').send(applicationBody({ title: 'Örnek \u202ETicaret A.Ş.' }));
    expect(title.status).toBe(422);
    expect(codesOf(title.body)).toEqual(['H618:title']);
    const brand = await request(server()).post('/applications').send(applicationBody({ brands: [{ name: 'ÖRNEK\u0000', approvedAddressCount: 1 }] }));
    expect(codesOf(brand.body)).toEqual(['H614:brands:0:name']);
    const integrator = await request(server()).post('/admin/integrators').set('authorization', `Bearer ${admin}`).send({ title: 'Entegrasyon\u2067 A.Ş.' });
    expect(codesOf(integrator.body)).toEqual(['H618:title']);
  });

  it('admin: refuses IP entries that are not addresses or CIDR blocks with H646, and dates that do not exist with H620', async () => {
    const user = await request(server())
      .post('/admin/users')
      .set('authorization', `Bearer ${admin}`)
      .send({ username: 'ip-listed', password: 'a-long-enough-password', role: 'operator', allowedIps: ["'; DROP", '999.1.1.1', '10.0.0.0/8'] });
    expect(user.status).toBe(422);
    expect(codesOf(user.body)).toEqual(['H646:allowedIps:0', 'H646:allowedIps:1']);
    const activation = await request(server())
      .put(`/admin/service-providers/${provider.iysCode}/activation-date`)
      .set('authorization', `Bearer ${admin}`)
      .send({ activationDate: '2026-02-30T10:00:00Z' });
    expect(activation.status).toBe(422);
    expect(codesOf(activation.body)).toEqual(['H620:activationDate']);
    const application = await request(server()).post('/applications').send(applicationBody()).expect(201);
    const approval = await request(server())
      .post(`/admin/applications/${application.body.applicationId}/approve`)
      .set('authorization', `Bearer ${admin}`)
      .send({ activationDate: '2025-02-29T00:00:00Z' });
    expect(codesOf(approval.body)).toEqual(['H620:activationDate']);
    // The refusals above changed nothing; the application submitted to probe approval is one event.
    expect(await events()).toBe(eventsBefore + 1);
  });

  it('takes a CIDR block and lets a client inside it through', async () => {
    const created = await request(server())
      .post('/admin/users')
      .set('authorization', `Bearer ${admin}`)
      .send({ username: 'cidr-authority', password: 'a-long-enough-password', role: 'authority', allowedIps: ['127.0.0.0/8', '::1'] });
    expect(created.status).toBe(201);
    const token = await request(server()).post('/oauth2/token').send({ grant_type: 'password', username: 'cidr-authority', password: 'a-long-enough-password' }).expect(200);
    const brands = await request(server()).get(`/sps/${provider.iysCode}/brands`).set('authorization', `Bearer ${token.body.access_token}`);
    expect(brands.status).toBe(200);
  });
});
