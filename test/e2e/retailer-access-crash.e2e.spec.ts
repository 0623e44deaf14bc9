import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { formatIysDateTime } from '@iys/platform/building-blocks';
import { startTestApp, type TestApp } from './app-harness.js';
import { addRetailer } from './dealer-flow.js';
import { adminToken, onboardProvider } from './service-provider-flow.js';

/**
 * An RA2 request interrupted where a process can die (kill -9): after acceptance, and after some
 * items' events were written but before the items were marked. The worker's rerun must finish it
 * with exactly one access change per consent, each item keeping its first outcome.
 */
describe('retailer-access requests (RA2) survive a crash', () => {
  let harness: TestApp;
  let provider: Awaited<ReturnType<typeof onboardProvider>>;

  beforeAll(async () => {
    // No in-process worker: the test plays the worker, and the crash, itself.
    harness = await startTestApp({ IYS_RUN_WORKER_IN_API: 'false' });
    provider = await onboardProvider(harness.app, (await adminToken(harness.app)).access);
  }, 180_000);
  afterAll(() => harness.close());

  it('applies every accepted item once, whether the crash came before or after the append', async () => {
    const brandCode = provider.brands[0].brandCode;
    const base = `/sps/${provider.iysCode}/brands/${brandCode}`;
    const server = harness.app.getHttpServer();
    const auth = { authorization: `Bearer ${provider.access}` };
    const recipients = Array.from({ length: 30 }, (_, i) => `+90534${String(3000000 + i).padStart(7, '0')}`);
    const consentDate = formatIysDateTime(new Date(Date.now() - 3600_000));
    for (const recipient of recipients) {
      await request(server).post(`${base}/consents`).set(auth).send({ recipient, recipientType: 'BIREYSEL', type: 'MESAJ', status: 'ONAY', source: 'HS_WEB', consentDate }).expect(200);
    }
    const retailers = [await addRetailer(harness.app, provider.access, base), await addRetailer(harness.app, provider.access, base)];
    const accepted = await request(server).put(`${base}/consents/retailers/access`).set(auth).send({ recipients, recipientType: 'BIREYSEL', type: 'MESAJ', retailerAccess: retailers }).expect(200);
    const requestId: string = accepted.body.requestId;
    // Accepted means stored: every item waits in the queue.
    const queued = await harness.db.pool.query(`SELECT count(*)::int AS n FROM consent.batch_items WHERE request_id = $1 AND status = 'enqueue'`, [requestId]);
    expect(queued.rows[0].n).toBe(30);

    const { RetailerAccessKeeperForTests, ConsentBatchWorkerForTests } = await import('./consent-internals.js');
    const keeper = harness.app.get(RetailerAccessKeeperForTests);
    const worker = harness.app.get(ConsentBatchWorkerForTests);

    // The crash after the append: the first 12 items' events are written by a worker that then dies.
    const pending = await harness.db.pool.query(`SELECT index, command FROM consent.batch_items WHERE request_id = $1 ORDER BY index LIMIT 12`, [requestId]);
    const firstRun = await keeper.apply(
      pending.rows.map((row) => row.command),
      {
        iysCode: provider.iysCode,
        brandCode,
        actorKind: 'service-provider',
        actorId: 'crashed-worker',
        channel: 'api-batch',
        commandIds: pending.rows.map((row) => `batch:${requestId}:${row.index}`),
      },
    );
    expect(firstRun.every((outcome) => outcome.ok)).toBe(true);

    // The restart: the worker finds the request still open and finishes it.
    expect(await worker.drain()).toBe(1);
    const result = await request(server).get(`${base}/consents/request/${requestId}`).set(auth).expect(200);
    expect(result.body.map((item: { status: string }) => item.status)).toEqual(recipients.map(() => 'success'));
    expect(result.body.slice(0, 12).map((item: { transactionId: string }) => item.transactionId)).toEqual(firstRun.map((outcome) => (outcome.ok ? outcome.transactionId : undefined)));
    const grants = await harness.db.pool.query(`SELECT count(*)::int AS n FROM event_store.events WHERE event_type = 'consent.RetailerAccessGranted'`);
    expect(grants.rows[0].n).toBe(30);
    for (const recipient of [recipients[0], recipients[29]]) {
      const status = await request(server).post(`${base}/consents/status`).set(auth).send({ recipient, recipientType: 'BIREYSEL', type: 'MESAJ' }).expect(200);
      expect(status.body.retailerAccess).toEqual(retailers);
    }
    expect((await request(server).get(`${base}/retailers/${retailers[0]}`).set(auth).expect(200)).body.retailerAccessCount).toBe(30);
    expect(await worker.drain()).toBe(0);
  });
});
