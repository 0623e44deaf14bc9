import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { formatIysDateTime } from '@iys/platform/building-blocks';
import { PostgresEventStore } from '@iys/platform/event-store';
import { startTestApp, type TestApp } from './app-harness.js';
import { addRetailer } from './dealer-flow.js';
import { adminToken, onboardProvider } from './service-provider-flow.js';

type Outcome = { ok: true; transactionId: string } | { ok: false };
type ApplyContext = { iysCode: number; brandCode: number; actorKind: 'service-provider'; actorId: string; channel: 'api-batch'; commandIds: string[] };

/**
 * A queued request (C3 consent batch, RA2 retailer access) interrupted where a process can die:
 * after acceptance (nothing applied), and after some items' events were written but before the
 * items were marked (the worker's rows say "enqueue" while the events exist). Running the worker
 * again must finish it with exactly one event per accepted item, each keeping its first outcome.
 */
describe('queued requests survive a crash', () => {
  let harness: TestApp;
  let provider: Awaited<ReturnType<typeof onboardProvider>>;
  let base: string;
  let auth: { authorization: string };
  const consentDate = formatIysDateTime(new Date(Date.now() - 3600_000));
  const consent = (recipient: string) => ({ recipient, recipientType: 'BIREYSEL', type: 'MESAJ', status: 'ONAY', source: 'HS_WEB', consentDate });

  beforeAll(async () => {
    // No in-process worker: the test plays the worker, and the crash, itself.
    harness = await startTestApp({ IYS_RUN_WORKER_IN_API: 'false' });
    provider = await onboardProvider(harness.app, (await adminToken(harness.app)).access);
    base = `/sps/${provider.iysCode}/brands/${provider.brands[0].brandCode}`;
    auth = { authorization: `Bearer ${provider.access}` };
  }, 180_000);
  afterAll(() => harness.close());

  /**
   * Accepted means stored: every item waits in the queue. Then a worker writes the first `crashAfter`
   * items' events through `apply` and dies; the restarted worker finishes the request, and every item
   * succeeds, the crashed ones with the transaction ids of that first write. Returns how many events
   * of `eventType` the request left.
   */
  async function crashAndFinish(requestId: string, items: number, crashAfter: number, eventType: string, apply: (commands: unknown[], context: ApplyContext) => Promise<Outcome[]>): Promise<number> {
    const queued = await harness.db.pool.query(`SELECT count(*)::int AS n FROM consent.batch_items WHERE request_id = $1 AND status = 'enqueue'`, [requestId]);
    expect(queued.rows[0].n).toBe(items);

    const pending = await harness.db.pool.query(`SELECT index, command FROM consent.batch_items WHERE request_id = $1 ORDER BY index LIMIT $2`, [requestId, crashAfter]);
    const firstRun = await apply(
      pending.rows.map((row) => row.command),
      {
        iysCode: provider.iysCode,
        brandCode: provider.brands[0].brandCode,
        actorKind: 'service-provider',
        actorId: 'crashed-worker',
        channel: 'api-batch',
        commandIds: pending.rows.map((row) => `batch:${requestId}:${row.index}`),
      },
    );
    expect(firstRun.every((outcome) => outcome.ok)).toBe(true);

    // The restart: the worker finds the request still open and finishes it, and then has nothing left.
    const { ConsentBatchWorkerForTests } = await import('./consent-internals.js');
    const worker = harness.app.get(ConsentBatchWorkerForTests);
    expect(await worker.drain()).toBe(1);
    expect(await worker.drain()).toBe(0);

    const result = await request(harness.app.getHttpServer()).get(`${base}/consents/request/${requestId}`).set(auth).expect(200);
    expect(result.body.map((item: { status: string }) => item.status)).toEqual(Array.from({ length: items }, () => 'success'));
    expect(result.body.slice(0, crashAfter).map((item: { transactionId: string }) => item.transactionId)).toEqual(firstRun.map((outcome) => (outcome.ok ? outcome.transactionId : undefined)));
    const events = await harness.db.pool.query(`SELECT count(*)::int AS n FROM event_store.events WHERE event_type = $1`, [eventType]);
    return events.rows[0].n;
  }

  it('C3: applies every accepted consent once, whether the crash came before or after the append', async () => {
    const items = Array.from({ length: 50 }, (_, i) => consent(`+90533${String(2000000 + i).padStart(7, '0')}`));
    const accepted = await request(harness.app.getHttpServer()).post(`${base}/consents/request`).set(auth).send(items).expect(200);
    const { ConsentRegistrarForTests } = await import('./consent-internals.js');
    const registrar = harness.app.get(ConsentRegistrarForTests);

    const approved = await crashAndFinish(accepted.body.requestId, 50, 20, 'consent.ConsentApproved', (commands, context) =>
      registrar.apply(commands as Parameters<typeof registrar.apply>[0], { ...context, origin: 'HS' }),
    );
    expect(approved).toBe(50);
  });

  it('C3: applies queued requests together in one append, each item once, one of them written in part by a crashed worker', async () => {
    const server = harness.app.getHttpServer();
    const requestIds: string[] = [];
    for (let r = 0; r < 3; r++) {
      const items = Array.from({ length: 20 }, (_, i) => consent(`+90535${String(5000000 + r * 100 + i).padStart(7, '0')}`));
      requestIds.push((await request(server).post(`${base}/consents/request`).set(auth).send(items).expect(200)).body.requestId);
    }
    // The older worker's way: items written one command id each, then the crash before the items were marked.
    const pending = await harness.db.pool.query(`SELECT index, command FROM consent.batch_items WHERE request_id = $1 ORDER BY index LIMIT 5`, [requestIds[1]]);
    const { ConsentRegistrarForTests, ConsentBatchWorkerForTests } = await import('./consent-internals.js');
    const firstRun = await harness.app.get(ConsentRegistrarForTests).apply(
      pending.rows.map((row) => row.command),
      { iysCode: provider.iysCode, brandCode: provider.brands[0].brandCode, origin: 'HS', actorKind: 'service-provider', actorId: 'crashed-worker', channel: 'api-batch', commandIds: pending.rows.map((row) => `batch:${requestIds[1]}:${row.index}`) },
    );

    const appends: number[] = [];
    harness.app.get(PostgresEventStore).observeAppends((events) => appends.push(events));
    const worker = harness.app.get(ConsentBatchWorkerForTests);
    expect(await worker.drain()).toBe(3);
    expect(await worker.drain()).toBe(0);
    // One append for the three requests, without the five items written before the crash.
    expect(appends).toEqual([55]);

    for (const requestId of requestIds) {
      const result = await request(server).get(`${base}/consents/request/${requestId}`).set(auth).expect(200);
      expect(result.body.map((item: { status: string }) => item.status)).toEqual(Array.from({ length: 20 }, () => 'success'));
      if (requestId === requestIds[1]) {
        expect(result.body.slice(0, 5).map((item: { transactionId: string }) => item.transactionId)).toEqual(firstRun.map((o) => (o.ok ? o.transactionId : undefined)));
      }
    }
    const { rows } = await harness.db.pool.query(
      `SELECT count(*)::int AS n FROM event_store.events e JOIN consent.batch_items i ON i.transaction_id = e.event_id WHERE i.request_id = ANY($1::uuid[])`,
      [requestIds],
    );
    expect(rows[0].n).toBe(60);
    // No idempotency row per item for what the grouped append wrote: the requests' completion is the record.
    const commands = await harness.db.pool.query(`SELECT count(*)::int AS n FROM event_store.processed_commands WHERE command_id LIKE ANY($1::text[])`, [requestIds.map((id) => `batch:${id}:%`)]);
    expect(commands.rows[0].n).toBe(5);
  });

  it('RA2: grants every retailer access once, whether the crash came before or after the append', async () => {
    const server = harness.app.getHttpServer();
    const recipients = Array.from({ length: 30 }, (_, i) => `+90534${String(3000000 + i).padStart(7, '0')}`);
    for (const recipient of recipients) await request(server).post(`${base}/consents`).set(auth).send(consent(recipient)).expect(200);
    const retailers = [await addRetailer(harness.app, provider.access, base), await addRetailer(harness.app, provider.access, base)];
    const accepted = await request(server).put(`${base}/consents/retailers/access`).set(auth).send({ recipients, recipientType: 'BIREYSEL', type: 'MESAJ', retailerAccess: retailers }).expect(200);
    const { RetailerAccessKeeperForTests } = await import('./consent-internals.js');
    const keeper = harness.app.get(RetailerAccessKeeperForTests);

    const granted = await crashAndFinish(accepted.body.requestId, 30, 12, 'consent.RetailerAccessGranted', (commands, context) =>
      keeper.apply(commands as Parameters<typeof keeper.apply>[0], context),
    );
    expect(granted).toBe(30);
    for (const recipient of [recipients[0], recipients[29]]) {
      const status = await request(server).post(`${base}/consents/status`).set(auth).send({ recipient, recipientType: 'BIREYSEL', type: 'MESAJ' }).expect(200);
      expect(status.body.retailerAccess).toEqual(retailers);
    }
    expect((await request(server).get(`${base}/retailers/${retailers[0]}`).set(auth).expect(200)).body.retailerAccessCount).toBe(30);
  });
});
