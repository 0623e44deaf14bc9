import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { expectStatus, iysClient, type IysClient } from '../support/iys-client.js';
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
    const mine = await iysClient(harness.app, provider.access);
    const theirs = await iysClient(harness.app, other.access);
    const path = { iysCode: provider.iysCode, brandCode: brand.brandCode };
    const theirPath = { iysCode: other.iysCode, brandCode: other.brands[0].brandCode };
    const register = (client: IysClient, at: typeof path, body: { channel: 'MESAJ' | 'ARAMA' | 'EPOSTA'; senderId: string }) =>
      client.POST('/sps/{iysCode}/brands/{brandCode}/senders', { params: { path: at }, body });
    const remove = (channel: string, senderId: string) => mine.DELETE('/sps/{iysCode}/brands/{brandCode}/senders/{channel}/{senderId}', { params: { path: { ...path, channel, senderId } } });

    expect(expectStatus(await register(mine, path, { channel: 'MESAJ', senderId: 'Şölen Çay' }), 201)).toEqual({ channel: 'MESAJ', senderId: 'SOLEN CAY' });
    expectStatus(await register(mine, path, { channel: 'ARAMA', senderId: '0212 555 12 34' }), 201);
    expectStatus(await register(mine, path, { channel: 'EPOSTA', senderId: 'Kampanya.Ornek.com.tr' }), 201);
    // The same identity again for the same brand changes nothing.
    expectStatus(await register(mine, path, { channel: 'MESAJ', senderId: 'solen cay' }), 201);
    const events = await harness.db.pool.query("SELECT count(*)::int AS n FROM event_store.events WHERE event_type = 'service-provider.SenderRegistered'");
    expect(events.rows[0].n).toBe(3);

    expect(expectStatus(await mine.GET('/sps/{iysCode}/brands/{brandCode}/senders', { params: { path } }), 200)).toEqual([
      { channel: 'ARAMA', senderId: '+902125551234' },
      { channel: 'EPOSTA', senderId: 'kampanya.ornek.com.tr' },
      { channel: 'MESAJ', senderId: 'SOLEN CAY' },
    ]);

    // Another provider cannot take it, nor read or change this brand's list.
    const taken = await register(theirs, theirPath, { channel: 'ARAMA', senderId: '+902125551234' });
    expect(taken.response.status).toBe(409);
    expect(taken.error!.errors[0]).toMatchObject({ code: 'H682', location: ['senderId'] });
    expect((await theirs.GET('/sps/{iysCode}/brands/{brandCode}/senders', { params: { path } })).response.status).toBe(403);

    expect((await remove('ARAMA', '+902125551234')).response.status).toBe(204);
    expectStatus(await register(theirs, theirPath, { channel: 'ARAMA', senderId: '+902125551234' }), 201);
    const gone = await remove('ARAMA', '+902125551234');
    expect(gone.response.status).toBe(404);
    expect(gone.error!.errors[0].code).toBe('H683');
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
