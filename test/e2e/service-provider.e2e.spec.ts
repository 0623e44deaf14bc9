import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { FixedClock } from '@iys/platform/building-blocks';
import { startTestApp, type TestApp } from './app-harness.js';
import { adminToken, applicationBody, onboardProvider, tokenFor } from './service-provider-flow.js';

describe('service providers: application to working API user (İYS A1, B1)', () => {
  let harness: TestApp;
  let admin: string;
  const server = () => harness.app.getHttpServer();

  beforeAll(async () => {
    harness = await startTestApp();
    admin = (await adminToken(harness.app)).access;
  });
  afterAll(() => harness.close());

  it('takes a provider from application to a token that lists its brands exactly as İYS', async () => {
    const provider = await onboardProvider(harness.app, admin);
    expect(provider.iysCode).toBeGreaterThan(600000);
    const brands = await request(server()).get(`/sps/${provider.iysCode}/brands`).set('authorization', `Bearer ${provider.access}`).expect(200);
    expect(brands.body).toEqual(
      provider.brands.map((brand) => ({
        brandCode: brand.brandCode,
        name: brand.name,
        master: brand.master,
        stats: { consents: { approval: 0, rejection: 0, total: 0 }, retailers: { total: 0 } },
      })),
    );
    expect(brands.body.filter((b: { master: boolean }) => b.master)).toHaveLength(1);
  });

  it('answers the token call with exactly the İYS fields', async () => {
    const response = await request(server())
      .post('/oauth2/token')
      .send({ username: 'registry-admin', password: 'correct horse battery staple', grant_type: 'password' })
      .expect(200);
    expect(Object.keys(response.body).sort()).toEqual(['accessToken', 'access_token', 'expires_in', 'refreshToken', 'refresh_expires_in', 'refresh_token', 'token_type']);
    expect(response.body).toMatchObject({ expires_in: 7200, refresh_expires_in: 14400, token_type: 'bearer' });
  });

  it('rotates refresh tokens and revokes the session when an old one is replayed', async () => {
    const provider = await onboardProvider(harness.app, admin);
    const refreshed = await request(server()).post('/oauth2/token').send({ refresh_token: provider.refresh, grant_type: 'refresh_token' }).expect(200);
    expect(refreshed.body.refresh_token).not.toBe(provider.refresh);
    await request(server()).get(`/sps/${provider.iysCode}/brands`).set('authorization', `Bearer ${refreshed.body.access_token}`).expect(200);

    const replay = await request(server()).post('/oauth2/token').send({ refresh_token: provider.refresh, grant_type: 'refresh_token' }).expect(401);
    expect(replay.body.errors[0].code).toBe('H251');
    // The theft response closes the whole session: the newest tokens stop working too.
    await request(server()).get(`/sps/${provider.iysCode}/brands`).set('authorization', `Bearer ${refreshed.body.access_token}`).expect(401);
    await request(server()).post('/oauth2/token').send({ refresh_token: refreshed.body.refresh_token, grant_type: 'refresh_token' }).expect(401);
  });

  it('gives bad credentials and malformed token requests their İYS codes', async () => {
    const wrong = await request(server()).post('/oauth2/token').send({ username: 'registry-admin', password: 'nope', grant_type: 'password' }).expect(401);
    expect(wrong.body).toEqual({ errors: [{ code: 'H251', message: 'Kullanıcı kimlik bilgileri geçersiz!' }] });
    const unknown = await request(server()).post('/oauth2/token').send({ username: 'nobody', password: 'nope', grant_type: 'password' }).expect(401);
    expect(unknown.body.errors[0].code).toBe('H251');
    const missing = await request(server()).post('/oauth2/token').send({ grant_type: 'password', username: 'registry-admin' }).expect(400);
    expect(missing.body.errors[0].code).toBe('H250');
    const noGrant = await request(server()).post('/oauth2/token').send({ username: 'a', password: 'b' }).expect(400);
    expect(noGrant.body.errors[0].code).toBe('H625');
    const badGrant = await request(server()).post('/oauth2/token').send({ grant_type: 'client_credentials' }).expect(400);
    expect(badGrant.body.errors[0].code).toBe('H626');
    const notJson = await request(server()).post('/oauth2/token').set('content-type', 'application/json').send('{"username":').expect(400);
    expect(notJson.body.errors[0].code).toBe('H014');
  });

  it('records failed logins as events without the password', async () => {
    await request(server()).post('/oauth2/token').send({ username: 'registry-admin', password: 'guess-1', grant_type: 'password' }).expect(401);
    const { rows } = await harness.db.pool.query(`SELECT data, metadata FROM event_store.events WHERE event_type = 'service-provider.LoginFailed'`);
    expect(rows.length).toBeGreaterThan(0);
    expect(JSON.stringify(rows)).not.toContain('guess-1');
    expect(rows[0].data.reason).toBe('bad-password');
  });

  it('refuses an application with every broken rule at once, and never echoes the signatory', async () => {
    const response = await request(server())
      .post('/applications')
      .send(
        applicationBody({
          mersis: '123',
          signatory: { name: 'Ali Veli', nationalId: '12345678901', mobile: '+905321234567', email: 'ali.veli@gmail.com' },
          brands: [{ name: 'ÖRNEK', approvedAddressCount: 1 }, { name: 'örnek', approvedAddressCount: 2 }],
        }),
      )
      .expect(422);
    const codes = response.body.errors.map((e: { code: string }) => e.code);
    expect(codes).toEqual(['H610', 'H612', 'H613', 'H614']);
    expect(response.text).not.toContain('ali.veli');
    expect(response.text).not.toContain('5321234567');
  });

  it('reports a malformed application shape before any rule, with locations', async () => {
    const response = await request(server()).post('/applications').send(applicationBody({ brands: [], signatory: { name: 'Ali Veli' } })).expect(422);
    const locations = response.body.errors.map((e: { location: unknown[] }) => e.location);
    expect(locations).toEqual(expect.arrayContaining([['signatory', 'nationalId'], ['signatory', 'mobile'], ['signatory', 'email'], ['brands']]));
  });

  it('refuses unknown fields in an application with H118', async () => {
    const response = await request(server()).post('/applications').send(applicationBody({ shoeSize: 44 })).expect(422);
    expect(response.body.errors[0]).toMatchObject({ code: 'H118', location: ['shoeSize'] });
  });

  it('keeps the signatory sealed in the event log', async () => {
    await request(server()).post('/applications').send(applicationBody()).expect(201);
    const { rows } = await harness.db.pool.query(`SELECT data FROM event_store.events WHERE event_type = 'service-provider.ApplicationSubmitted'`);
    const log = JSON.stringify(rows);
    expect(log).not.toContain('5321234567');
    expect(log).not.toContain('ayse.yilmaz');
    expect(log).not.toContain('10000000146');
    expect(rows[0].data.signatory.nationalId.$enc).toBe('v1');
  });

  it('lets the administrator reject, and refuses to decide twice', async () => {
    const submitted = await request(server()).post('/applications').send(applicationBody()).expect(201);
    const id = submitted.body.applicationId;
    await request(server()).post(`/admin/applications/${id}/reject`).set('authorization', `Bearer ${admin}`).send({ reason: 'Eksik belge' }).expect(200);
    const again = await request(server()).post(`/admin/applications/${id}/approve`).set('authorization', `Bearer ${admin}`).send({}).expect(409);
    expect(again.body.errors[0].code).toBe('H615');
    const list = await request(server()).get('/admin/applications?status=rejected').set('authorization', `Bearer ${admin}`).expect(200);
    expect(list.body.find((a: { applicationId: string }) => a.applicationId === id)).toMatchObject({ status: 'rejected', rejectionReason: 'Eksik belge' });
    await request(server()).post(`/admin/applications/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}/approve`).set('authorization', `Bearer ${admin}`).send({}).expect(404);
  });

  it('approves with no body, or an empty JSON body, as "the defaults", and answers its dates as YYYY-MM-DD HH:mm:ss Istanbul', async () => {
    const IYS_DATE_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
    for (const send of [
      (call: request.Test) => call, // curl -X POST …/approve
      (call: request.Test) => call.set('content-type', 'application/json'), // curl -X POST -H 'content-type: application/json' …
      (call: request.Test) => call.set('content-type', 'application/json').send(' \n'),
    ]) {
      const submitted = await request(server()).post('/applications').send(applicationBody()).expect(201);
      const approved = await send(request(server()).post(`/admin/applications/${submitted.body.applicationId}/approve`).set('authorization', `Bearer ${admin}`));
      expect({ status: approved.status, body: approved.body }).toMatchObject({ status: 200, body: { iysCode: expect.any(Number), activationDate: expect.stringMatching(IYS_DATE_TIME) } });
    }
    const listed = await request(server()).get('/admin/applications').set('authorization', `Bearer ${admin}`).expect(200);
    expect(listed.body.every((item: { submittedAt: string }) => IYS_DATE_TIME.test(item.submittedAt))).toBe(true);
  });

  it('takes an activation date as YYYY-MM-DD HH:mm:ss Istanbul or as ISO 8601, and answers it as YYYY-MM-DD HH:mm:ss Istanbul', async () => {
    const submitted = await request(server()).post('/applications').send(applicationBody()).expect(201);
    const approved = await request(server())
      .post(`/admin/applications/${submitted.body.applicationId}/approve`)
      .set('authorization', `Bearer ${admin}`)
      .send({ activationDate: '2026-12-01 09:30:00' })
      .expect(200);
    expect(approved.body.activationDate).toBe('2026-12-01 09:30:00');
    const iso = await request(server())
      .put(`/admin/service-providers/${approved.body.iysCode}/activation-date`)
      .set('authorization', `Bearer ${admin}`)
      .send({ activationDate: '2026-12-02T00:00:00Z' })
      .expect(200);
    expect(iso.body).toEqual({ iysCode: approved.body.iysCode, activationDate: '2026-12-02 03:00:00' });
    const wire = await request(server())
      .put(`/admin/service-providers/${approved.body.iysCode}/activation-date`)
      .set('authorization', `Bearer ${admin}`)
      .send({ activationDate: '2026-12-03 00:00:00' })
      .expect(200);
    expect(wire.body.activationDate).toBe('2026-12-03 00:00:00');
    const { rows } = await harness.db.pool.query('SELECT activation_date FROM service_provider.providers WHERE iys_code = $1', [approved.body.iysCode]);
    expect(rows[0].activation_date.toISOString()).toBe('2026-12-02T21:00:00.000Z');
    for (const bad of ['2026-12-03', '2026-02-30 00:00:00', 'yarın']) {
      const refused = await request(server())
        .put(`/admin/service-providers/${approved.body.iysCode}/activation-date`)
        .set('authorization', `Bearer ${admin}`)
        .send({ activationDate: bad })
        .expect(422);
      expect(refused.body.errors[0].location).toEqual(['activationDate']);
    }
  });

  it('refuses a second user with the same name', async () => {
    const provider = await onboardProvider(harness.app, admin);
    const duplicate = await request(server())
      .post('/admin/users')
      .set('authorization', `Bearer ${admin}`)
      .send({ username: provider.username.toUpperCase(), password: 'another-long-password', role: 'provider', iysCode: provider.iysCode })
      .expect(409);
    expect(duplicate.body.errors[0].code).toBe('H621');
    await tokenFor(harness.app, provider.username, provider.password);
  });

  it('changes a provider activation date', async () => {
    const provider = await onboardProvider(harness.app, admin);
    await request(server())
      .put(`/admin/service-providers/${provider.iysCode}/activation-date`)
      .set('authorization', `Bearer ${admin}`)
      .send({ activationDate: '2026-12-01T00:00:00+03:00' })
      .expect(200);
    const { rows } = await harness.db.pool.query('SELECT activation_date FROM service_provider.providers WHERE iys_code = $1', [provider.iysCode]);
    expect(rows[0].activation_date.toISOString()).toBe('2026-11-30T21:00:00.000Z');
  });

  it('ends a session on logout and every session of a disabled user', async () => {
    const provider = await onboardProvider(harness.app, admin);
    await request(server()).post('/oauth2/revoke').set('authorization', `Bearer ${provider.access}`).expect(200);
    await request(server()).get(`/sps/${provider.iysCode}/brands`).set('authorization', `Bearer ${provider.access}`).expect(401);
    await request(server()).post('/oauth2/token').send({ refresh_token: provider.refresh, grant_type: 'refresh_token' }).expect(401);

    const first = await tokenFor(harness.app, provider.username, provider.password);
    const second = await tokenFor(harness.app, provider.username, provider.password);
    const { rows } = await harness.db.pool.query('SELECT user_id FROM identity_access.users WHERE username = $1', [provider.username]);
    await request(server()).post(`/admin/users/${rows[0].user_id}/disable`).set('authorization', `Bearer ${admin}`).expect(200);
    for (const token of [first.access, second.access]) {
      await request(server()).get(`/sps/${provider.iysCode}/brands`).set('authorization', `Bearer ${token}`).expect(401);
    }
    const relogin = await request(server()).post('/oauth2/token').send({ username: provider.username, password: provider.password, grant_type: 'password' }).expect(401);
    expect(relogin.body.errors[0].code).toBe('H251');
  });

  it('adds and deactivates brands, and keeps the master brand', async () => {
    const provider = await onboardProvider(harness.app, admin);
    const added = await request(server())
      .post(`/admin/service-providers/${provider.iysCode}/brands`)
      .set('authorization', `Bearer ${admin}`)
      .send({ name: 'ÖRNEK OUTLET' })
      .expect(201);
    const listed = await request(server()).get(`/sps/${provider.iysCode}/brands`).set('authorization', `Bearer ${provider.access}`).expect(200);
    expect(listed.body.map((b: { brandCode: number }) => b.brandCode)).toContain(added.body.brandCode);
    await request(server()).delete(`/admin/service-providers/${provider.iysCode}/brands/${added.body.brandCode}`).set('authorization', `Bearer ${admin}`).expect(200);
    const master = provider.brands.find((b) => b.master)!;
    const refused = await request(server()).delete(`/admin/service-providers/${provider.iysCode}/brands/${master.brandCode}`).set('authorization', `Bearer ${admin}`).expect(422);
    expect(refused.body.errors[0].code).toBe('H619');
    const after = await request(server()).get(`/sps/${provider.iysCode}/brands`).set('authorization', `Bearer ${provider.access}`).expect(200);
    expect(after.body.map((b: { brandCode: number }) => b.brandCode)).not.toContain(added.body.brandCode);
  });

  it('refuses an access token after its 7200 seconds, and a refresh token after its 14400', async () => {
    const clock = new FixedClock(new Date());
    const timed = await startTestApp({}, { clock });
    try {
      const provider = await onboardProvider(timed.app, (await adminToken(timed.app)).access);
      const brands = `/sps/${provider.iysCode}/brands`;
      clock.advance(7199 * 1000);
      await request(timed.app.getHttpServer()).get(brands).set('authorization', `Bearer ${provider.access}`).expect(200);
      clock.advance(2 * 1000);
      const expired = await request(timed.app.getHttpServer()).get(brands).set('authorization', `Bearer ${provider.access}`).expect(401);
      expect(expired.body.errors[0].code).toBe('H351');
      const renewed = await request(timed.app.getHttpServer()).post('/oauth2/token').send({ refresh_token: provider.refresh, grant_type: 'refresh_token' }).expect(200);
      await request(timed.app.getHttpServer()).get(brands).set('authorization', `Bearer ${renewed.body.access_token}`).expect(200);
      clock.advance(14401 * 1000);
      await request(timed.app.getHttpServer()).post('/oauth2/token').send({ refresh_token: renewed.body.refresh_token, grant_type: 'refresh_token' }).expect(401);
    } finally {
      await timed.close();
    }
  });
});
