import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { formatIysDateTime } from '@iys/platform/building-blocks';
import { ProjectionRunner } from '@iys/platform/event-store';
import { ProjectionRegistry } from '@iys/platform/nest';
import { ConsentBrandDirectory } from '../../libs/contexts/consent/src/application/consent-brand-directory.js';
import { startTestApp, type TestApp } from './app-harness.js';
import { adminToken, onboardProvider } from './service-provider-flow.js';

/**
 * C1 remembers a brand's activation date instead of reading it per request (docs/adr/0059); a new
 * activation date still takes effect once the consent context has projected it.
 */
describe('the remembered activation date', () => {
  let harness: TestApp;
  let admin: string;
  const server = () => harness.app.getHttpServer();
  let phone = 0;
  const nextPhone = () => `+90532${String(4000000 + ++phone).padStart(7, '0')}`;

  beforeAll(async () => {
    harness = await startTestApp();
    admin = (await adminToken(harness.app)).access;
  });
  afterAll(() => harness.close());

  it('is forgotten when the activation date changes, so the new date judges the next C1', async () => {
    const provider = await onboardProvider(harness.app, admin);
    const base = `/sps/${provider.iysCode}/brands/${provider.brands[0].brandCode}`;
    const auth = { authorization: `Bearer ${provider.access}` };
    // A month old: too late once the provider is active (H640), accepted before its activation date.
    const body = () => ({ recipient: nextPhone(), recipientType: 'BIREYSEL', type: 'MESAJ', status: 'ONAY', source: 'HS_WEB', consentDate: formatIysDateTime(new Date(Date.now() - 30 * 86_400_000)) });
    const directory = harness.app.get(ConsentBrandDirectory, { strict: false });

    const late = await request(server()).post(`${base}/consents`).set(auth).send(body()).expect(422);
    expect(late.body.errors[0].code).toBe('H640');
    const again = await request(server()).post(`${base}/consents`).set(auth).send(body()).expect(422);
    expect(again.body.errors[0].code).toBe('H640');

    const forgotten = directory.activationsChanged();
    await request(server())
      .put(`/admin/service-providers/${provider.iysCode}/activation-date`)
      .set('authorization', `Bearer ${admin}`)
      .send({ activationDate: formatIysDateTime(new Date(Date.now() + 30 * 86_400_000)) })
      .expect(200);
    const brands = harness.app.get(ProjectionRegistry).all().find((p) => p.name === 'consent.brands')!;
    await harness.app.get(ProjectionRunner).waitUntilCaughtUp(brands, { timeoutMs: 15_000 });
    await forgotten;

    await request(server()).post(`${base}/consents`).set(auth).send(body()).expect(200);
  });
});
