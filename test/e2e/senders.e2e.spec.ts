import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { startTestApp, type TestApp } from './app-harness.js';
import { adminToken, onboardProvider } from './service-provider-flow.js';

describe('sender identities (/sps/{iysCode}/brands/{brandCode}/senders)', () => {
  let harness: TestApp;
  let admin: string;
  const server = () => harness.app.getHttpServer();

  beforeAll(async () => {
    harness = await startTestApp();
    admin = (await adminToken(harness.app)).access;
  });
  afterAll(() => harness.close());

  it('registers, lists and removes a brand’s headers, numbers and domains, normalised and unique registry-wide', async () => {
    const provider = await onboardProvider(harness.app, admin);
    const other = await onboardProvider(harness.app, admin);
    const [brand] = provider.brands;
    const base = `/sps/${provider.iysCode}/brands/${brand.brandCode}/senders`;
    const auth = { authorization: `Bearer ${provider.access}` };

    const added = await request(server()).post(base).set(auth).send({ channel: 'MESAJ', senderId: 'Şölen Çay' }).expect(201);
    expect(added.body).toEqual({ channel: 'MESAJ', senderId: 'SOLEN CAY' });
    await request(server()).post(base).set(auth).send({ channel: 'ARAMA', senderId: '0212 555 12 34' }).expect(201);
    await request(server()).post(base).set(auth).send({ channel: 'EPOSTA', senderId: 'Kampanya.Ornek.com.tr' }).expect(201);
    // The same identity again for the same brand changes nothing.
    await request(server()).post(base).set(auth).send({ channel: 'MESAJ', senderId: 'solen cay' }).expect(201);
    const events = await harness.db.pool.query("SELECT count(*)::int AS n FROM event_store.events WHERE event_type = 'service-provider.SenderRegistered'");
    expect(events.rows[0].n).toBe(3);

    expect((await request(server()).get(base).set(auth).expect(200)).body).toEqual([
      { channel: 'ARAMA', senderId: '+902125551234' },
      { channel: 'EPOSTA', senderId: 'kampanya.ornek.com.tr' },
      { channel: 'MESAJ', senderId: 'SOLEN CAY' },
    ]);

    // Another provider cannot take it, nor read or change this brand's list.
    const theirs = `/sps/${other.iysCode}/brands/${other.brands[0].brandCode}/senders`;
    const taken = await request(server()).post(theirs).set('authorization', `Bearer ${other.access}`).send({ channel: 'ARAMA', senderId: '+902125551234' }).expect(409);
    expect(taken.body.errors[0]).toMatchObject({ code: 'H682', location: ['senderId'] });
    await request(server()).get(base).set('authorization', `Bearer ${other.access}`).expect(403);

    await request(server()).delete(`${base}/ARAMA/${encodeURIComponent('+902125551234')}`).set(auth).expect(204);
    await request(server()).post(theirs).set('authorization', `Bearer ${other.access}`).send({ channel: 'ARAMA', senderId: '+902125551234' }).expect(201);
    const gone = await request(server()).delete(`${base}/ARAMA/${encodeURIComponent('+902125551234')}`).set(auth).expect(404);
    expect(gone.body.errors[0].code).toBe('H683');
  });

  it('refuses bad identities, unknown channels and brands that are not the provider’s own, writing nothing', async () => {
    const provider = await onboardProvider(harness.app, admin);
    const base = `/sps/${provider.iysCode}/brands/${provider.brands[0].brandCode}/senders`;
    const auth = { authorization: `Bearer ${provider.access}` };
    const before = (await harness.db.pool.query('SELECT count(*)::int AS n FROM event_store.events')).rows[0].n;
    for (const body of [{ channel: 'MESAJ', senderId: 'AB' }, { channel: 'FAX', senderId: 'ORNEK' }, { channel: 'EPOSTA', senderId: 'a@b.com' }, { channel: 'ARAMA', senderId: '+44 20 7946 0958' }, {}]) {
      const refused = await request(server()).post(base).set(auth).send(body).expect(422);
      expect(refused.body.errors[0].code).toBe('H681');
    }
    const foreignBrand = await request(server()).post(`/sps/${provider.iysCode}/brands/999999/senders`).set(auth).send({ channel: 'MESAJ', senderId: 'ORNEK' });
    expect(foreignBrand.body.errors[0].code).toBe('H619');
    await request(server()).delete(`${base}/FAX/ORNEK`).set(auth).expect(422);
    expect((await harness.db.pool.query('SELECT count(*)::int AS n FROM event_store.events')).rows[0].n).toBe(before);
  });
});
