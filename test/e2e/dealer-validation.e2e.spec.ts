import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { formatIysDateTime } from '@iys/platform/building-blocks';
import { waitUntil } from '@iys/platform/testing';
import { startTestApp, type TestApp } from './app-harness.js';
import { addRetailer, retailerBody } from './dealer-flow.js';
import { adminToken, onboardProvider } from './service-provider-flow.js';

const KEY = { recipientType: 'BIREYSEL', type: 'MESAJ' } as const;
const codes = (body: { errors?: { code: string }[] }) => (body.errors ?? []).map((error) => error.code);

/** Bad input on every dealer route: İYS's code (or ours, H700–H718), a 4xx, never a 500, nothing written. */
describe('dealer routes refuse bad input with their İYS codes', () => {
  let harness: TestApp;
  let provider: Awaited<ReturnType<typeof onboardProvider>>;
  let other: Awaited<ReturnType<typeof onboardProvider>>;
  let base: string;
  let active: number;
  let passive: number;
  const consented = '+905441230001';
  const server = () => harness.app.getHttpServer();
  const auth = () => ({ authorization: `Bearer ${provider.access}` });
  const post = (path: string, body: unknown) => request(server()).post(`${base}${path}`).set(auth()).send(body as object);

  beforeAll(async () => {
    harness = await startTestApp();
    const admin = (await adminToken(harness.app)).access;
    provider = await onboardProvider(harness.app, admin);
    other = await onboardProvider(harness.app, admin);
    base = `/sps/${provider.iysCode}/brands/${provider.brands[0].brandCode}`;
    active = await addRetailer(harness.app, provider.access, base);
    passive = await addRetailer(harness.app, provider.access, base, { status: 'passive' });
    const consentDate = formatIysDateTime(new Date(Date.now() - 3600_000));
    await post('/consents', { recipient: consented, ...KEY, status: 'ONAY', source: 'HS_WEB', consentDate }).expect(200);
  }, 180_000);
  afterAll(() => harness.close());

  it('R1: every field rule at once, the body shape, uniqueness and the brand', async () => {
    const all = await post('/retailers', {
      ...retailerBody(),
      title: ' ',
      mersis: '12345',
      name: 'R2-D2',
      tckn: '12345678901',
      mobile: '+4915112345678',
      city: { name: 'Yok', code: '99' },
      town: { name: 'Çankaya', code: '1231' },
      status: 'closed',
    }).expect(422);
    expect(codes(all.body).sort()).toEqual(['H700', 'H701', 'H703', 'H704', 'H705', 'H706', 'H707', 'H708']);
    // Personal data is never echoed back.
    expect(JSON.stringify(all.body)).not.toContain('12345678901');
    expect(JSON.stringify(all.body)).not.toContain('+4915112345678');
    expect(codes((await post('/retailers', { ...retailerBody(), town: { code: '1231' } }).expect(422)).body)).toEqual(['H707']); // Çankaya is not in İstanbul
    expect(codes((await post('/retailers', []).expect(400)).body)).toEqual(['H090']);
    expect(codes((await post('/retailers', { ...retailerBody(), city: 'İstanbul' }).expect(422)).body)).toEqual(['H706']);
    expect(codes((await post('/retailers', { ...retailerBody(), extra: 1 }).expect(422)).body)).toEqual(['H118']);
    const { alias, ...withoutAlias } = retailerBody();
    expect(alias).toBeDefined();
    expect(codes((await post('/retailers', withoutAlias).expect(422)).body)).toEqual(['H702']);

    const twin = retailerBody();
    await post('/retailers', twin).expect(200);
    const again = await post('/retailers', { ...retailerBody(), tckn: Number(twin.tckn), mersis: twin.mersis }).expect(409);
    expect(codes(again.body)).toEqual(['H709']);
    // Another brand of the same provider may have the same person and company.
    await request(server()).post(`/sps/${provider.iysCode}/brands/${provider.brands[1].brandCode}/retailers`).set(auth()).send({ ...twin, alias: 'Başka marka' }).expect(200);
    // A brand of another provider, under this provider's iysCode.
    const foreign = await request(server()).post(`/sps/${provider.iysCode}/brands/${other.brands[0].brandCode}/retailers`).set(auth()).send(retailerBody()).expect(403);
    expect(codes(foreign.body)).toEqual(['H195']);
  });

  it('R2–R4: paging, codes and unknown retailers', async () => {
    const page = (query: string) => request(server()).get(`${base}/retailers${query}`).set(auth());
    expect(codes((await page('?offset=-1').expect(422)).body)).toEqual(['H182']);
    expect(codes((await page('?limit=abc').expect(422)).body)).toEqual(['H183']);
    expect(codes((await page('?limit=101').expect(422)).body)).toEqual(['H186']);
    expect(codes((await page('?limit=0').expect(422)).body)).toEqual(['H187']);
    expect((await page('?offset=50').expect(200)).body).toEqual({ pagination: { offset: 50, pageSize: 100, totalCount: 3 }, list: [] });
    expect(codes((await request(server()).get(`${base}/retailers/abc`).set(auth()).expect(422)).body)).toEqual(['H713']);
    expect(codes((await request(server()).get(`${base}/retailers/99999999`).set(auth()).expect(404)).body)).toEqual(['H711']);
    expect(codes((await request(server()).delete(`${base}/retailers/99999999`).set(auth()).expect(404)).body)).toEqual(['H711']);
    // Another provider's retailer is not found under this brand.
    const theirs = await addRetailer(harness.app, other.access, `/sps/${other.iysCode}/brands/${other.brands[0].brandCode}`);
    await request(server()).get(`${base}/retailers/${theirs}`).set(auth()).expect(404);
  });

  it('RA1: list rules, unknown and inactive retailers, missing consent, wrong address kind; nothing written on refusal', async () => {
    const grant = (body: Record<string, unknown>) => post('/consents/retailers/access', { recipient: consented, ...KEY, retailerAccess: [active], ...body });
    expect(codes((await grant({ retailerAccess: undefined }).expect(422)).body)).toEqual(['H169']);
    expect(codes((await grant({ retailerAccess: [] }).expect(422)).body)).toEqual(['H163']);
    expect(codes((await grant({ retailerAccess: Array.from({ length: 101 }, (_, i) => i + 1) }).expect(422)).body)).toEqual(['H126']);
    expect(codes((await grant({ retailerAccess: ['x'] }).expect(400)).body)).toEqual(['H171']);
    expect(codes((await post('/consents/retailers/access', [1]).expect(400)).body)).toEqual(['H171']);
    expect(codes((await grant({ recipientType: 'KURUM' }).expect(422)).body)).toEqual(['H116']);
    const duplicate = await grant({ retailerAccess: [active, active] }).expect(422);
    expect(duplicate.body.errors).toEqual([expect.objectContaining({ code: 'H193', location: ['retailerAccess', 1], value: active })]);
    const unknown = await grant({ retailerAccess: [active, 99999999] }).expect(403);
    expect(unknown.body.errors).toEqual([
      { code: 'H180', message: 'İstek gövdesinde yer alan bayi İYS numarasıyla (retailerCode) herhangi bir bayi bulunamadı.', location: ['retailerAccess', 1], value: 99999999 },
    ]);
    expect(codes((await grant({ retailerAccess: [passive] }).expect(422)).body)).toEqual(['H717']);
    expect(codes((await grant({ recipient: '+905441239999' }).expect(400)).body)).toEqual(['H401']);
    expect(codes((await grant({ type: 'EPOSTA' }).expect(422)).body)).toEqual(['H120']);
    expect(codes((await grant({ recipient: 'someone@example.com' }).expect(422)).body)).toEqual(['H121']);
    const status = await post('/consents/status', { recipient: consented, ...KEY }).expect(200);
    expect(status.body.retailerAccess).toEqual([]);
  });

  it('RA2, RA4, RA5: recipients lists, retailers, and per-item outcomes', async () => {
    const replace = (body: Record<string, unknown>) =>
      request(server()).put(`${base}/consents/retailers/access`).set(auth()).send({ recipients: [consented], ...KEY, retailerAccess: [active], ...body });
    expect(codes((await replace({ recipients: undefined }).expect(422)).body)).toEqual(['H168']);
    expect(codes((await replace({ recipients: [] }).expect(422)).body)).toEqual(['H164']);
    expect(codes((await replace({ recipients: Array.from({ length: 101 }, (_, i) => `+90544${String(3000000 + i)}`) }).expect(422)).body)).toEqual(['H127']);
    const repeated = await replace({ recipients: [consented, '+90 544 123 00 01'] }).expect(422);
    expect(repeated.body.errors).toEqual([expect.objectContaining({ code: 'H193', location: ['recipients', 1] })]);
    expect(JSON.stringify(repeated.body)).not.toContain('544');
    expect(codes((await replace({ retailerAccess: [99999999] }).expect(403)).body)).toEqual(['H180']);
    expect(codes((await request(server()).put(`${base}/consents/retailers/access`).set(auth()).send('[]').set('content-type', 'application/json').expect(400)).body)).toEqual(['H171']);

    const remove = await post('/consents/retailer/access/remove', { recipients: [consented], ...KEY, retailerAccess: [active, 99999999] }).expect(403);
    expect(remove.body.errors).toEqual([expect.objectContaining({ code: 'H180', location: ['retailerAccess', 1], value: 99999999 })]);
    expect(codes((await post('/consents/retailers/access/remove', { recipients: [consented], ...KEY }).expect(422)).body)).toEqual(['H169']);
    expect(codes((await post('/consents/retailers/access/remove/all', { ...KEY }).expect(422)).body)).toEqual(['H168']);
    expect(codes((await post('/consents/retailers/access/remove/all', 'x').set('content-type', 'application/json').expect(400)).body)).toEqual(['H014']);

    // Accepted, then each item on its own: an unknown consent and a malformed address fail, the known one succeeds.
    const accepted = await replace({ recipients: [consented, '+905441239999', 'not-an-address'] }).expect(200);
    const items = await waitUntil(
      async () => (await request(server()).get(`${base}/consents/request/${accepted.body.requestId}`).set(auth()).expect(200)).body as { status: string; error?: { code: string } }[],
      (result) => result.every((item) => item.status !== 'enqueue'),
    );
    expect(items.map((item) => [item.status, item.error?.code])).toEqual([
      ['success', undefined],
      ['failure', 'H401'],
      ['failure', 'H122'],
    ]);
  });

  it('RA3: body, paging and a consent that does not exist', async () => {
    expect(codes((await post('/consents/retailers/access/list', []).expect(400)).body)).toEqual(['H173']);
    expect(codes((await post('/consents/retailers/access/list?limit=500', { recipient: consented, ...KEY }).expect(422)).body)).toEqual(['H186']);
    expect(codes((await post('/consents/retailers/access/list', { recipient: '+905441239999', ...KEY }).expect(400)).body)).toEqual(['H401']);
  });

  it('Info: all 81 provinces and 973 districts, by code and by province, plural and singular', async () => {
    const get = (path: string) => request(server()).get(path).set(auth());
    const cities = (await get('/info/cities').expect(200)).body as { code: string; name: string }[];
    expect(cities).toHaveLength(81);
    expect(cities.map((c) => c.code)).toEqual(Array.from({ length: 81 }, (_, i) => String(i + 1).padStart(2, '0')));
    expect((await get('/info/city').expect(200)).body).toEqual(cities);
    expect((await get('/info/cities/34').expect(200)).body).toEqual({ code: '34', name: 'İstanbul' });
    const towns = (await get('/info/towns').expect(200)).body as { code: string; city_code: string }[];
    expect(towns).toHaveLength(973);
    expect(new Set(towns.map((t) => t.code)).size).toBe(973);
    expect((await get('/info/towns?cityCode=34').expect(200)).body).toHaveLength(39);
    expect((await get('/info/town/1663').expect(200)).body).toEqual({ code: '1663', name: 'Şişli', city_code: '34' });
    expect(codes((await get('/info/cities/99').expect(404)).body)).toEqual(['H714']);
    expect(codes((await get('/info/towns?cityCode=99').expect(404)).body)).toEqual(['H714']);
    expect(codes((await get('/info/towns/0').expect(404)).body)).toEqual(['H715']);
    expect(codes((await request(server()).get('/info/cities').expect(401)).body)).toEqual(['H351']);
  });
});
