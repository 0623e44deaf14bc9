import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { formatIysDateTime } from '@iys/platform/building-blocks';
import { startTestApp, type TestApp } from './app-harness.js';
import { adminToken, onboardProvider } from './service-provider-flow.js';

/**
 * A batch interrupted at every point where a process can die: after acceptance (nothing applied),
 * after its events were written but before the items were marked (the worker's rows say
 * "enqueue" while the events exist). Running the worker again must finish it with exactly one
 * event per accepted item and the first outcome of each.
 */
describe('consent batches survive a crash', () => {
  let harness: TestApp;
  let provider: Awaited<ReturnType<typeof onboardProvider>>;

  beforeAll(async () => {
    // No in-process worker: the test plays the worker, and the crash, itself.
    harness = await startTestApp({ IYS_RUN_WORKER_IN_API: 'false' });
    provider = await onboardProvider(harness.app, (await adminToken(harness.app)).access);
  });
  afterAll(() => harness.close());

  it('applies every accepted item once, whether the crash came before or after the append', async () => {
    const brandCode = provider.brands[0].brandCode;
    const consentDate = formatIysDateTime(new Date(Date.now() - 3600_000));
    const items = Array.from({ length: 50 }, (_, i) => ({
      recipient: `+90533${String(2000000 + i).padStart(7, '0')}`,
      recipientType: 'BIREYSEL',
      type: 'MESAJ',
      status: 'ONAY',
      source: 'HS_WEB',
      consentDate,
    }));
    const accepted = await request(harness.app.getHttpServer())
      .post(`/sps/${provider.iysCode}/brands/${brandCode}/consents/request`)
      .set('authorization', `Bearer ${provider.access}`)
      .send(items)
      .expect(200);
    const requestId: string = accepted.body.requestId;
    const { ConsentRegistrarForTests, ConsentBatchWorkerForTests } = await import('./consent-internals.js');
    const registrar = harness.app.get(ConsentRegistrarForTests);
    const worker = harness.app.get(ConsentBatchWorkerForTests);

    // The crash after the append: the first 20 items' events are written by a worker that then dies.
    const pending = await harness.db.pool.query(`SELECT index, command FROM consent.batch_items WHERE request_id = $1 ORDER BY index LIMIT 20`, [requestId]);
    const firstRun = await registrar.apply(
      pending.rows.map((row) => row.command),
      {
        iysCode: provider.iysCode,
        brandCode,
        origin: 'HS',
        actorKind: 'service-provider',
        actorId: 'crashed-worker',
        channel: 'api-batch',
        commandIds: pending.rows.map((row) => `batch:${requestId}:${row.index}`),
      },
    );
    expect(firstRun.every((outcome) => outcome.ok)).toBe(true);

    // The restart: the worker finds the request still open and finishes it.
    expect(await worker.drain()).toBe(1);

    const result = await request(harness.app.getHttpServer())
      .get(`/sps/${provider.iysCode}/brands/${brandCode}/consents/request/${requestId}`)
      .set('authorization', `Bearer ${provider.access}`)
      .expect(200);
    expect(result.body.map((item: { status: string }) => item.status)).toEqual(items.map(() => 'success'));
    // The items written before the crash keep the transaction ids of that first write.
    expect(result.body.slice(0, 20).map((item: { transactionId: string }) => item.transactionId)).toEqual(
      firstRun.map((outcome) => (outcome.ok ? outcome.transactionId : undefined)),
    );
    const events = await harness.db.pool.query(`SELECT count(*)::int AS n FROM event_store.events WHERE event_type = 'consent.ConsentApproved'`);
    expect(events.rows[0].n).toBe(50);
    expect(await worker.drain()).toBe(0);
  });
});
