import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { startTestApp, type TestApp } from './app-harness.js';
import { adminToken, applicationBody, onboardProvider, tokenFor } from './service-provider-flow.js';

describe('integrators (İYS B2, B3)', () => {
  let harness: TestApp;
  let admin: string;
  const server = () => harness.app.getHttpServer();

  beforeAll(async () => {
    harness = await startTestApp();
    admin = (await adminToken(harness.app)).access;
  });
  afterAll(() => harness.close());

  async function integratorWithUser(title: string) {
    const { integratorCode } = (await request(server()).post('/admin/integrators').set('authorization', `Bearer ${admin}`).send({ title }).expect(201)).body;
    const username = `integrator-${integratorCode}`;
    const password = `integrator-${integratorCode}-secret`;
    await request(server()).post('/admin/users').set('authorization', `Bearer ${admin}`).send({ username, password, role: 'integrator', integratorCode }).expect(201);
    return { integratorCode: integratorCode as number, token: (await tokenFor(harness.app, username, password)).access };
  }

  it('lets a provider authorise an integrator for some brands and types, visible in B2 and B3, then revoke it', async () => {
    const provider = await onboardProvider(harness.app, admin);
    const integrator = await integratorWithUser('Örnek Entegrasyon A.Ş.');
    const [master, second] = provider.brands;
    await request(server())
      .put(`/sps/${provider.iysCode}/integrators/${integrator.integratorCode}`)
      .set('authorization', `Bearer ${provider.access}`)
      .send({ types: ['MESAJ'], agreementControl: false, brandCodes: [second.brandCode] })
      .expect(200);

    const b2 = await request(server()).get(`/integrator/${integrator.integratorCode}/sps`).set('authorization', `Bearer ${integrator.token}`).expect(200);
    expect(b2.body).toEqual({
      list: [
        {
          title: expect.any(String),
          iysCode: provider.iysCode,
          brands: [{ brandCode: second.brandCode, name: second.name, master: false, agreementControl: false, ARAMA: 'none', MESAJ: 'write', EPOSTA: 'none' }],
        },
      ],
    });
    const b3 = await request(server()).get(`/integrator/${integrator.integratorCode}/sps/${provider.iysCode}`).set('authorization', `Bearer ${integrator.token}`).expect(200);
    expect(b3.body).toEqual(b2.body.list[0].brands);

    // The integrator now reads the provider's routes; brand-level routes outside the grant stay closed.
    await request(server()).get(`/sps/${provider.iysCode}/brands`).set('authorization', `Bearer ${integrator.token}`).expect(200);
    const check = { recipient: '+905321234567', recipientType: 'BIREYSEL', type: 'MESAJ' };
    await request(server()).post(`/sps/${provider.iysCode}/brands/${master.brandCode}/consents/status`).set('authorization', `Bearer ${integrator.token}`).send(check).expect(403);
    await request(server()).post(`/sps/${provider.iysCode}/brands/${second.brandCode}/consents/status`).set('authorization', `Bearer ${integrator.token}`).send(check).expect(404);

    await request(server()).delete(`/sps/${provider.iysCode}/integrators/${integrator.integratorCode}`).set('authorization', `Bearer ${provider.access}`).expect(200);
    const after = await request(server()).get(`/sps/${provider.iysCode}/brands`).set('authorization', `Bearer ${integrator.token}`).expect(400);
    expect(after.body.errors[0]).toMatchObject({ code: 'H245', message: 'Verilen iysCode entegratör grubuna ait değildir!' });
    expect((await request(server()).get(`/integrator/${integrator.integratorCode}/sps`).set('authorization', `Bearer ${integrator.token}`).expect(200)).body).toEqual({ list: [] });
  });

  it('refuses grants of foreign brands or no types, and integrators that do not exist', async () => {
    const provider = await onboardProvider(harness.app, admin);
    const integrator = await integratorWithUser('Başka Entegrasyon A.Ş.');
    const foreign = await request(server())
      .put(`/sps/${provider.iysCode}/integrators/${integrator.integratorCode}`)
      .set('authorization', `Bearer ${provider.access}`)
      .send({ types: ['MESAJ'], agreementControl: true, brandCodes: [1] })
      .expect(422);
    expect(foreign.body.errors[0].code).toBe('H631');
    const noTypes = await request(server())
      .put(`/sps/${provider.iysCode}/integrators/${integrator.integratorCode}`)
      .set('authorization', `Bearer ${provider.access}`)
      .send({ types: [], agreementControl: true })
      .expect(422);
    expect(noTypes.body.errors[0].code).toBe('H631');
    const missing = await request(server())
      .put(`/sps/${provider.iysCode}/integrators/1`)
      .set('authorization', `Bearer ${provider.access}`)
      .send({ types: ['ARAMA'], agreementControl: true })
      .expect(404);
    expect(missing.body.errors[0].code).toBe('H630');
  });

});

describe('the perimeter limits', () => {
  let harness: TestApp;
  let admin: string;
  const server = () => harness.app.getHttpServer();

  // Low limits; the administrator's own setup calls stay within five a second.
  beforeAll(async () => {
    harness = await startTestApp({ IYS_RATE_LIMIT_PER_SECOND: '5', IYS_TOKEN_REQUESTS_PER_HOUR: '4', IYS_TRUST_PROXY: 'true' });
    admin = (await adminToken(harness.app)).access;
  });
  afterAll(() => harness.close());

  it('answers a flood with 429 H124 per user', async () => {
    const provider = await onboardProvider(harness.app, admin);
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      statuses.push((await request(server()).get(`/sps/${provider.iysCode}/brands`).set('authorization', `Bearer ${provider.access}`)).status);
    }
    expect(statuses).toContain(200);
    expect(statuses).toContain(429);
    const limited = await request(server()).get(`/sps/${provider.iysCode}/brands`).set('authorization', `Bearer ${provider.access}`);
    if (limited.status === 429) expect(limited.body.errors[0].code).toBe('H124');
    // Another user is not affected by this one's flood.
    await request(server()).get('/admin/applications').set('authorization', `Bearer ${admin}`).expect(200);
  });

  it('limits token requests per client address per hour with 429 H084', async () => {
    await request(server()).post('/admin/users').set('authorization', `Bearer ${admin}`).send({ username: 'hourly', password: 'hourly-user-password', role: 'authority' }).expect(201);
    const login = (address: string) =>
      request(server()).post('/oauth2/token').set('x-forwarded-for', address).send({ username: 'hourly', password: 'hourly-user-password', grant_type: 'password' });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await login('192.0.2.44')).status);
    expect(statuses).toEqual([200, 200, 200, 200]);
    const refused = await login('192.0.2.44').expect(429);
    expect(refused.body.errors[0].code).toBe('H084');
    // Counted per address: the same user from elsewhere is not affected.
    await login('192.0.2.45').expect(200);
  });

  it('refuses calls from outside a user’s IP allow-list', async () => {
    await request(server())
      .post('/admin/users')
      .set('authorization', `Bearer ${admin}`)
      .send({ username: 'fenced', password: 'fenced-user-password', role: 'authority', allowedIps: ['10.20.30.40'] })
      .expect(201);
    await request(server())
      .post('/admin/users')
      .set('authorization', `Bearer ${admin}`)
      .send({ username: 'local', password: 'local-user-password', role: 'admin', allowedIps: ['127.0.0.1'] })
      .expect(201);
    const fenced = await tokenFor(harness.app, 'fenced', 'fenced-user-password');
    const refused = await request(server()).get('/admin/applications').set('authorization', `Bearer ${fenced.access}`).expect(403);
    expect(refused.body.errors[0].code).toBe('H363');
    const local = await tokenFor(harness.app, 'local', 'local-user-password');
    await request(server()).get('/admin/applications').set('authorization', `Bearer ${local.access}`).expect(200);
  });
});

describe('public applications are limited per client address', () => {
  let harness: TestApp;

  beforeAll(async () => {
    harness = await startTestApp({ IYS_APPLICATIONS_PER_HOUR: '2' });
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('refuses the application over the hourly allowance with 429 H634, writing nothing', async () => {
    const server = harness.app.getHttpServer();
    await request(server).post('/applications').send(applicationBody()).expect(201);
    await request(server).post('/applications').send(applicationBody()).expect(201);
    const refused = await request(server).post('/applications').send(applicationBody()).expect(429);
    expect(refused.body.errors[0].code).toBe('H634');
    const { rows } = await harness.db.pool.query(`SELECT count(*)::int AS n FROM event_store.events WHERE event_type = 'service-provider.ApplicationSubmitted'`);
    expect(rows[0].n).toBe(2);
  });
});
