import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { formatIysDateTime } from '@iys/platform/building-blocks';
import { ProjectionRunner } from '@iys/platform/event-store';
import { ProjectionRegistry } from '@iys/platform/nest';
import { startTestApp, type TestApp } from './app-harness.js';
import { adminToken, onboardProvider } from './service-provider-flow.js';

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
});
