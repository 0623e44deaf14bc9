import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import request from 'supertest';
import { formatIysDateTime } from '@iys/platform/building-blocks';
import { waitUntil } from '@iys/platform/testing';
import { startTestApp, type TestApp } from './app-harness.js';
import { adminToken, onboardProvider, tokenFor } from './service-provider-flow.js';

let phoneSequence = 0;
const nextPhone = () => `+90533${String(2000000 + ++phoneSequence).padStart(7, '0')}`;
const consentDate = () => formatIysDateTime(new Date(Date.now() - 3600_000));

/** The API on an embedded primary with a streaming standby (ADR 0047): routes, sessions, health, docs. */
describe('the read paths on a hot standby', () => {
  let harness: TestApp;
  let provider: Awaited<ReturnType<typeof onboardProvider>>;
  let base: string;
  const server = () => harness.app.getHttpServer();
  const standbyReads = () => Object.values(harness.readRouter!.counts().replicas)[0];
  const primaryReads = () => harness.readRouter!.counts().primary;

  async function standbyCaughtUp(): Promise<void> {
    await waitUntil(async () => (await harness.readRouter!.checkNow(), harness.readRouter!.status()[0]), (replica) => replica.inRotation && replica.lagMs === 0, {
      timeoutMs: 30_000,
      description: 'standby in rotation and caught up',
    });
  }

  beforeAll(async () => {
    harness = await startTestApp({}, { replicas: true });
    const admin = (await adminToken(harness.app)).access;
    provider = await onboardProvider(harness.app, admin);
    base = `/sps/${provider.iysCode}/brands/${provider.brands[0].brandCode}`;
    await standbyCaughtUp();
  });
  afterAll(() => harness?.close());

  it('answers C2 from the standby, and a session that wrote reads its own write while another session does not see it yet', async () => {
    const recipient = nextPhone();
    const other = await tokenFor(harness.app, provider.username, provider.password);
    const standby = new pg.Client({ connectionString: harness.standby!.url });
    await standby.connect();
    try {
      await standby.query('SELECT pg_wal_replay_pause()');
      await request(server())
        .post(`${base}/consents`)
        .set('authorization', `Bearer ${provider.access}`)
        .send({ recipient, recipientType: 'BIREYSEL', type: 'MESAJ', status: 'ONAY', source: 'HS_WEB', consentDate: consentDate() })
        .expect(200);
      const query = { recipient, recipientType: 'BIREYSEL', type: 'MESAJ' };
      // The writer's session: the standby has not replayed its commit, so the primary answers.
      const own = await request(server()).post(`${base}/consents/status`).set('authorization', `Bearer ${provider.access}`).send(query).expect(200);
      expect(own.body.status).toBe('ONAY');
      // Another session reads the standby, which has not replayed the write yet.
      const before = standbyReads();
      await request(server()).post(`${base}/consents/status`).set('authorization', `Bearer ${other.access}`).send(query).expect(404);
      expect(standbyReads()).toBeGreaterThan(before);
    } finally {
      await standby.query('SELECT pg_wal_replay_resume()');
      await standby.end();
    }
    await standbyCaughtUp();
    const later = await request(server()).post(`${base}/consents/status`).set('authorization', `Bearer ${other.access}`).send({ recipient, recipientType: 'BIREYSEL', type: 'MESAJ' }).expect(200);
    expect(later.body.status).toBe('ONAY');
  });

  it('reads its own writes over HTTP: C1 then C2 and C5 on one token, 200 rounds, 0 stale answers', async () => {
    const recipient = nextPhone();
    let stale = 0;
    const start = Date.now() - 2 * 86_400_000;
    const standbyBefore = standbyReads();
    for (let round = 0; round < 200; round += 1) {
      const status = round % 2 === 0 ? 'ONAY' : 'RET';
      // Each change is dated after the previous one, as a real client's would be.
      const changeDate = formatIysDateTime(new Date(start + round * 1000));
      const added = await request(server())
        .post(`${base}/consents`)
        .set('authorization', `Bearer ${provider.access}`)
        .send({ recipient, recipientType: 'BIREYSEL', type: 'ARAMA', status, source: 'HS_WEB', consentDate: changeDate });
      expect([added.status, added.body]).toEqual([200, expect.anything()]);
      const single = await request(server()).post(`${base}/consents/status`).set('authorization', `Bearer ${provider.access}`).send({ recipient, recipientType: 'BIREYSEL', type: 'ARAMA' });
      const multi = await request(server()).post(`${base}/consents/BIREYSEL/status/ARAMA`).set('authorization', `Bearer ${provider.access}`).send({ recipients: [recipient] });
      if (single.body.status !== status || multi.body.list.includes(recipient) !== (status === 'ONAY')) stale += 1;
    }
    expect(stale).toBe(0);
    expect(standbyReads()).toBeGreaterThan(standbyBefore);
  });

  it('keeps commands and unmarked reads on the primary', async () => {
    const before = { standby: standbyReads(), primary: primaryReads() };
    await request(server()).get(`${base}/consents/changes`).set('authorization', `Bearer ${provider.access}`).expect(200);
    expect(standbyReads()).toBe(before.standby);
  });

  it('shows each replica on /health, and a stopped one out of rotation while the API keeps answering', async () => {
    const healthy = await request(server()).get('/health').expect(200);
    expect(healthy.body.details.replicas).toMatchObject({ status: 'up', inRotation: 1, replicas: [{ inRotation: true, lagMs: 0 }] });

    await harness.standby!.kill();
    const recipient = nextPhone();
    await request(server()).post(`${base}/consents/BIREYSEL/status/MESAJ`).set('authorization', `Bearer ${provider.access}`).send({ recipients: [recipient] }).expect(200);
    await waitUntil(async () => (await harness.readRouter!.checkNow(), harness.readRouter!.status()[0].reason), (reason) => reason === 'unreachable');
    const degraded = await request(server()).get('/health').expect(200);
    expect(degraded.body.details.replicas).toMatchObject({ status: 'up', inRotation: 0, replicas: [{ inRotation: false, reason: 'unreachable' }] });

    await harness.standby!.restart();
    await standbyCaughtUp();
    const back = await request(server()).get('/health').expect(200);
    expect(back.body.details.replicas).toMatchObject({ inRotation: 1 });
  });

  it('documents the guarantee on every routed operation and on no other', async () => {
    const { body: document } = await request(server()).get('/docs/openapi.json').expect(200);
    const routed: string[] = [];
    for (const [path, operations] of Object.entries(document.paths as Record<string, Record<string, { description?: string }>>)) {
      for (const [method, operation] of Object.entries(operations)) {
        if (operation.description?.includes('Read replica route')) routed.push(`${method.toUpperCase()} ${path}`);
      }
    }
    expect(routed.sort()).toEqual(
      [
        'POST /sps/{iysCode}/brands/{brandCode}/consents/status',
        'POST /sps/{iysCode}/brands/{brandCode}/consents/{recipientType}/status/{type}',
        'POST /operators/{operatorCode}/checks',
        'GET /sps/{iysCode}/brands',
        'GET /sps/{iysCode}/brands/{brandCode}/changes/{reportDate}/recipients/{recipientType}',
        'GET /sps/{iysCode}/brands/{brandCode}/changes/{reportDate}/file',
        'GET /sps/{iysCode}/brands/{brandCode}/agreements/{reportDate}',
        'POST /audit/history',
        'GET /recipients/me/consents',
        'GET /recipients/me/consents/{consentId}/history',
      ].sort(),
    );
  });
});
