import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { startTestApp, type TestApp } from './app-harness.js';
import { adminToken, tokenFor } from './service-provider-flow.js';

/** The client address behind a load balancer: what IP allow-lists and per-client limits see. */
describe('client address behind a trusted proxy (IYS_TRUST_PROXY)', () => {
  let trusting: TestApp;
  let direct: TestApp;

  beforeAll(async () => {
    // The test client connects from 127.0.0.1: that is the load balancer here.
    trusting = await startTestApp({ IYS_TRUST_PROXY: '127.0.0.1' });
    direct = await startTestApp();
  });

  afterAll(async () => {
    await trusting?.close();
    await direct?.close();
  });

  async function fencedUser(harness: TestApp): Promise<string> {
    const admin = (await adminToken(harness.app)).access;
    await request(harness.app.getHttpServer())
      .post('/admin/users')
      .set('authorization', `Bearer ${admin}`)
      .send({ username: 'fenced', password: 'fenced-user-password', role: 'authority', allowedIps: ['10.20.30.40'] })
      .expect(201);
    return (await tokenFor(harness.app, 'fenced', 'fenced-user-password')).access;
  }

  it("applies IP allow-lists to the forwarded client's address when the proxy is trusted", async () => {
    const token = await fencedUser(trusting);
    const audit = (forwardedFor: string) =>
      request(trusting.app.getHttpServer()).post('/audit/history').set('authorization', `Bearer ${token}`).set('x-forwarded-for', forwardedFor).send({ recipient: '+905321234567' });
    expect((await audit('10.20.30.40')).status).toBe(200);
    expect((await audit('192.0.2.7')).body.errors[0].code).toBe('H363');
  });

  it('ignores X-Forwarded-For from a client that is not a trusted proxy', async () => {
    const token = await fencedUser(direct);
    const response = await request(direct.app.getHttpServer())
      .post('/audit/history')
      .set('authorization', `Bearer ${token}`)
      .set('x-forwarded-for', '10.20.30.40')
      .send({ recipient: '+905321234567' });
    expect(response.status).toBe(403);
    expect(response.body.errors[0].code).toBe('H363');
  });
});
