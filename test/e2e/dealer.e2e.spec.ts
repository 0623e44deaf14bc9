import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { formatIysDateTime } from '@iys/platform/building-blocks';
import { waitUntil } from '@iys/platform/testing';
import { startTestApp, type TestApp } from './app-harness.js';
import { addRetailer, retailerBody } from './dealer-flow.js';
import { adminToken, onboardProvider, tokenFor } from './service-provider-flow.js';

const hourAgo = () => formatIysDateTime(new Date(Date.now() - 3600_000));
const KEY = { recipientType: 'BIREYSEL', type: 'MESAJ' } as const;

/**
 * The dealer context as a real İYS client drives it: retailers (R1–R4), their access to consents
 * (RA1–RA5, every path spelling), a retailer's own view, and the consent's audit history.
 */
describe('dealers: retailers, their access to consents, and their own view', () => {
  let harness: TestApp;
  let admin: string;
  let provider: Awaited<ReturnType<typeof onboardProvider>>;
  let base: string;
  const server = () => harness.app.getHttpServer();
  const auth = (token = provider.access) => ({ authorization: `Bearer ${token}` });
  const phones = ['+905331110001', '+905331110002', '+905331110003', '+905331110004'];

  const accessOf = async (recipient: string): Promise<number[]> =>
    (await request(server()).post(`${base}/consents/status`).set(auth()).send({ recipient, ...KEY }).expect(200)).body.retailerAccess;

  /** C4 of an RA2/RA4/RA5 request once no item is queued any more (the batch worker runs in the API). */
  const outcomeOf = (requestId: string) =>
    waitUntil(
      async () => (await request(server()).get(`${base}/consents/request/${requestId}`).set(auth()).expect(200)).body as { index: number; status: string; error?: { code: string } }[],
      (items) => items.every((item) => item.status !== 'enqueue'),
      { description: `request ${requestId} applied` },
    );

  beforeAll(async () => {
    harness = await startTestApp();
    admin = (await adminToken(harness.app)).access;
    provider = await onboardProvider(harness.app, admin);
    base = `/sps/${provider.iysCode}/brands/${provider.brands[0].brandCode}`;
    for (const recipient of phones) {
      await request(server()).post(`${base}/consents`).set(auth()).send({ recipient, ...KEY, status: 'ONAY', source: 'HS_WEB', consentDate: hourAgo() }).expect(200);
    }
  });
  afterAll(() => harness.close());

  it('runs the whole flow: retailers, grant, replace, query, remove, delete, the retailer view and the audit', async () => {
    // R1 ×3
    const first = retailerBody();
    const [a, b, c] = [await addRetailer(harness.app, provider.access, base, first), await addRetailer(harness.app, provider.access, base), await addRetailer(harness.app, provider.access, base)];
    expect(new Set([a, b, c]).size).toBe(3);
    expect(a).toBeGreaterThanOrEqual(10_000_000);

    // R2 paged, R3
    const page1 = await request(server()).get(`${base}/retailers?limit=2`).set(auth()).expect(200);
    expect(page1.body.pagination).toEqual({ offset: 0, pageSize: 2, totalCount: 3 });
    expect(page1.body.list.map((r: { retailerCode: number }) => r.retailerCode)).toEqual([a, b]);
    const page2 = await request(server()).get(`${base}/retailers?offset=2&limit=2`).set(auth()).expect(200);
    expect(page2.body.list.map((r: { retailerCode: number }) => r.retailerCode)).toEqual([c]);
    const one = await request(server()).get(`${base}/retailers/${a}`).set(auth()).expect(200);
    expect(one.body).toEqual({
      title: first.title,
      mersis: first.mersis,
      alias: first.alias,
      name: first.name,
      tckn: first.tckn,
      mobile: first.mobile,
      city: { code: '34', name: 'İstanbul' },
      town: { code: '1663', name: 'Şişli' },
      retailerAccessCount: 0,
      status: 'active',
      canBeDeleted: true,
      retailerCode: a,
    });

    // RA1: one consent, two retailers (additive)
    const granted = await request(server()).post(`${base}/consents/retailers/access`).set(auth()).send({ recipient: phones[0], ...KEY, retailerAccess: [a, b] }).expect(200);
    expect(granted.body).toEqual({ transactionId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(await accessOf(phones[0])).toEqual([a, b]);

    // RA2: replace on three consents, asynchronously; C4 tells each item's outcome
    const replaced = await request(server()).put(`${base}/consents/retailers/access`).set(auth()).send({ recipients: phones.slice(0, 3), ...KEY, retailerAccess: [b] }).expect(200);
    expect(replaced.body).toEqual({ requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect((await outcomeOf(replaced.body.requestId)).map((item) => [item.index, item.status])).toEqual([[1, 'success'], [2, 'success'], [3, 'success']]);
    expect(await Promise.all(phones.map(accessOf))).toEqual([[b], [b], [b], []]);

    // RA3 (the three clients' spelling: consent/retailers)
    const listed = await request(server()).post(`${base}/consent/retailers/access/list?limit=10`).set(auth()).send({ recipient: phones[0], ...KEY }).expect(200);
    expect(listed.body.pagination).toEqual({ offset: 0, pageSize: 10, totalCount: 1 });
    expect(listed.body.list).toEqual([expect.objectContaining({ retailerCode: b, status: 'active', city: { code: '34', name: 'İstanbul' } })]);

    // RA4 (DEV's spelling: consents/retailer): only the listed retailer, only on the listed consent
    const removed = await request(server()).post(`${base}/consents/retailer/access/remove`).set(auth()).send({ recipients: [phones[1]], ...KEY, retailerAccess: [b] }).expect(202);
    await outcomeOf(removed.body.requestId);
    expect(await Promise.all(phones.map(accessOf))).toEqual([[b], [], [b], []]);

    // RA5
    const cleared = await request(server()).post(`${base}/consents/retailers/access/remove/all`).set(auth()).send({ recipients: [phones[0], phones[2]], ...KEY }).expect(202);
    await outcomeOf(cleared.body.requestId);
    expect(await Promise.all(phones.map(accessOf))).toEqual([[], [], [], []]);

    // R4: A was associated once (and no more): refused; C never was: deleted
    const refused = await request(server()).delete(`${base}/retailers/${a}`).set(auth()).expect(422);
    expect(refused.body.errors[0]).toMatchObject({ code: 'H712', location: ['retailerCode'] });
    expect((await request(server()).get(`${base}/retailers/${a}`).set(auth()).expect(200)).body).toMatchObject({ canBeDeleted: false, retailerAccessCount: 0 });
    await request(server()).delete(`${base}/retailers/${c}`).set(auth()).expect(200);
    expect((await request(server()).get(`${base}/retailers/${c}`).set(auth()).expect(404)).body.errors[0].code).toBe('H711');
    const brands = await request(server()).get(`/sps/${provider.iysCode}/brands`).set(auth()).expect(200);
    expect(brands.body[0].stats.retailers).toEqual({ total: 2 });

    // The retailer's own user sees exactly the consents granted to it, RET included.
    await request(server()).post(`${base}/consents/retailers/access`).set(auth()).send({ recipient: phones[2], ...KEY, retailerAccess: [b] }).expect(200);
    await request(server()).post(`${base}/consents/retailers/access`).set(auth()).send({ recipient: phones[3], ...KEY, retailerAccess: [b] }).expect(200);
    await request(server()).post(`${base}/consents`).set(auth()).send({ recipient: phones[2], ...KEY, status: 'RET', source: 'HS_WEB', consentDate: formatIysDateTime(new Date()) }).expect(200);
    await request(server()).post(`${base}/retailers/${b}/users`).set(auth()).send({ username: 'bayi-b', password: 'bayi-b-long-password' }).expect(201);
    const dealer = (await tokenFor(harness.app, 'bayi-b', 'bayi-b-long-password')).access;
    const own = await request(server()).get('/retailer/consents').set(auth(dealer)).expect(200);
    expect(own.body.pagination).toEqual({ offset: 0, pageSize: 100, totalCount: 2 });
    expect(own.body.list.map((consent: { recipient: string; status: string }) => [consent.recipient, consent.status]).sort()).toEqual([
      [phones[2], 'RET'],
      [phones[3], 'ONAY'],
    ]);
    const status = await request(server()).post('/retailer/consents/status').set(auth(dealer)).send({ recipient: phones[3], ...KEY }).expect(200);
    expect(status.body).toMatchObject({ recipient: phones[3], status: 'ONAY', retailerAccess: [b] });
    expect((await request(server()).post('/retailer/consents/status').set(auth(dealer)).send({ recipient: phones[0], ...KEY }).expect(404)).body.errors[0].code).toBe('H641');
    for (const call of [
      request(server()).post(`${base}/consents/status`).send({ recipient: phones[3], ...KEY }),
      request(server()).get(`${base}/retailers`),
      request(server()).get(`/sps/${provider.iysCode}/brands`),
      request(server()).post(`${base}/consents/retailers/access`).send({ recipient: phones[0], ...KEY, retailerAccess: [b] }),
    ]) {
      expect((await call.set(auth(dealer)).expect(403)).body.errors[0].code).toBe('H363');
    }
    // Revoking takes effect on its next request.
    const revoked = await request(server()).post(`${base}/consents/retailers/access/remove`).set(auth()).send({ recipients: [phones[3]], ...KEY, retailerAccess: [b] }).expect(202);
    await outcomeOf(revoked.body.requestId);
    await request(server()).post('/retailer/consents/status').set(auth(dealer)).send({ recipient: phones[3], ...KEY }).expect(404);

    // The number's audit history shows every access change, in order, with its retailers.
    const history = await request(server()).post('/audit/history').set(auth(admin)).send({ recipient: phones[0] }).expect(200);
    const events = history.body.consents[0].events as { status: string; retailerAccessChange?: { kind: string; retailerCodes: number[]; retailerAccess: number[] } }[];
    expect(events.map((event) => [event.status, event.retailerAccessChange ?? null])).toEqual([
      ['ONAY', null],
      ['ONAY', { kind: 'granted', retailerCodes: [a, b], retailerAccess: [a, b] }],
      ['ONAY', { kind: 'revoked', retailerCodes: [a], retailerAccess: [b] }],
      ['ONAY', { kind: 'revoked', retailerCodes: [b], retailerAccess: [] }],
    ]);
    expect(history.body.consents[0].chain.ok).toBe(true);
  });
});
