import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { formatIysDateTime } from '@iys/platform/building-blocks';
import { ProjectionRegistry } from '@iys/platform/nest';
import { ProjectionRunner } from '@iys/platform/event-store';
import { startTestApp, type TestApp } from './app-harness.js';
import { adminToken, onboardProvider } from './service-provider-flow.js';

/** İYS dates: now and n hours ago, Europe/Istanbul. */
const hoursAgo = (hours: number) => formatIysDateTime(new Date(Date.now() - hours * 3600_000));
let phoneSequence = 0;
const nextPhone = () => `+90532${String(1000000 + ++phoneSequence).padStart(7, '0')}`;

describe('the consent API as a real İYS client uses it (C1–C6)', () => {
  let harness: TestApp;
  let provider: Awaited<ReturnType<typeof onboardProvider>>;
  let brandCode: number;
  let base: string;
  const server = () => harness.app.getHttpServer();
  const auth = () => ({ authorization: `Bearer ${provider.access}` });

  /** The caught-up probe for the change feed (an async projection). */
  async function changesCaughtUp(): Promise<void> {
    const runner = harness.app.get(ProjectionRunner);
    const feed = harness.app.get(ProjectionRegistry).all().find((p) => p.name === 'consent.changes')!;
    await runner.waitUntilCaughtUp(feed, { timeoutMs: 15_000 });
  }

  beforeAll(async () => {
    harness = await startTestApp();
    const admin = (await adminToken(harness.app)).access;
    provider = await onboardProvider(harness.app, admin);
    brandCode = provider.brands[0].brandCode;
    base = `/sps/${provider.iysCode}/brands/${brandCode}`;
  });
  afterAll(() => harness.close());

  it('adds a consent and reads its status back at once', async () => {
    const recipient = nextPhone();
    const consentDate = hoursAgo(2);
    const added = await request(server())
      .post(`${base}/consents`)
      .set(auth())
      .send({ recipient, recipientType: 'BIREYSEL', type: 'MESAJ', status: 'ONAY', source: 'HS_WEB', consentDate })
      .expect(200);
    expect(added.body).toEqual({ transactionId: expect.stringMatching(/^[0-9a-f-]{36}$/), creationDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/) });

    const status = await request(server()).post(`${base}/consents/status`).set(auth()).send({ recipient, recipientType: 'BIREYSEL', type: 'MESAJ' }).expect(200);
    expect(status.body).toEqual({
      type: 'MESAJ',
      source: 'HS_WEB',
      recipient,
      recipientType: 'BIREYSEL',
      status: 'ONAY',
      consentDate,
      creationDate: added.body.creationDate,
      retailerCode: null,
      retailerAccess: [],
      transactionId: added.body.transactionId,
    });
  });

  it('applies the published rules with their codes', async () => {
    const recipient = nextPhone();
    const send = (body: Record<string, unknown>) => request(server()).post(`${base}/consents`).set(auth()).send({ recipient, recipientType: 'BIREYSEL', type: 'ARAMA', source: 'HS_WEB', ...body });
    expect((await send({ status: 'RET', consentDate: hoursAgo(3) }).expect(400)).body.errors[0].code).toBe('H175');
    await send({ status: 'ONAY', consentDate: hoursAgo(3) }).expect(200);
    expect((await send({ status: 'ONAY', consentDate: hoursAgo(2) }).expect(400)).body.errors[0].code).toBe('H174');
    expect((await send({ status: 'RET', consentDate: hoursAgo(4) }).expect(400)).body.errors[0].code).toBe('H178');
    expect((await send({ status: 'RET', consentDate: formatIysDateTime(new Date(Date.now() + 3600_000)) }).expect(422)).body.errors[0].code).toBe('H162');
    expect((await send({ status: 'RET', consentDate: '2014-01-01 10:00:00' }).expect(422)).body.errors[0].code).toBe('H156');
    expect((await send({ status: 'RET', consentDate: '2024-02-30 10:00:00' }).expect(422)).body.errors[0].code).toBe('H157');
    expect((await send({ status: 'RET', consentDate: '2024-02-03T10:00:00' }).expect(422)).body.errors[0].code).toBe('H158');
    expect((await send({ status: 'RET', consentDate: hoursAgo(1), source: 'IYS_WEB' }).expect(422)).body.errors[0].code).toBe('H119');
    await send({ status: 'RET', consentDate: hoursAgo(1), source: 'HS_KARAR' }).expect(200);
    const email = await request(server())
      .post(`${base}/consents`)
      .set(auth())
      .send({ recipient: 'ayse@ornek.com.tr', recipientType: 'BIREYSEL', type: 'MESAJ', status: 'ONAY', source: 'HS_WEB', consentDate: hoursAgo(1) })
      .expect(422);
    expect(email.body.errors[0].code).toBe('H121');
  });

  it('reports every shape problem of a body at once, without echoing the recipient', async () => {
    const response = await request(server()).post(`${base}/consents`).set(auth()).send({ recipient: '+90555', recipientType: 'X', type: 'FAX', shoe: 1 }).expect(422);
    const codes = response.body.errors.map((e: { code: string }) => e.code);
    expect(codes).toEqual(expect.arrayContaining(['H116', 'H110', 'H117', 'H118']));
    expect(response.text).not.toContain('+90555');
  });

  it('takes a batch, applies it in the background and reports each item (C3, C4)', async () => {
    const recipients = [nextPhone(), nextPhone(), nextPhone()];
    const items = [
      { recipient: recipients[0], recipientType: 'BIREYSEL', type: 'MESAJ', status: 'ONAY', source: 'HS_MOBIL', consentDate: hoursAgo(5) },
      { recipient: recipients[1], recipientType: 'BIREYSEL', type: 'MESAJ', status: 'RET', source: 'HS_MOBIL', consentDate: hoursAgo(5) },
      { recipient: 'not-an-address', recipientType: 'BIREYSEL', type: 'MESAJ', status: 'ONAY', source: 'HS_MOBIL', consentDate: hoursAgo(5) },
      { recipient: recipients[2], recipientType: 'TACIR', type: 'ARAMA', status: 'ONAY' },
    ];
    const accepted = await request(server()).post(`${base}/consents/request`).set(auth()).send(items).expect(200);
    expect(accepted.body.subRequests).toHaveLength(4);
    expect(accepted.body.subRequests[0]).toMatchObject({ subrequestId: expect.any(String), recipient: recipients[0], status: 'ONAY' });

    const result = async () => (await request(server()).get(`${base}/consents/request/${accepted.body.requestId}`).set(auth()).expect(200)).body as { status: string }[];
    const deadline = Date.now() + 15_000;
    let items4 = await result();
    while (items4.some((item) => item.status === 'enqueue') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 25)); // polling the public API, as a client does
      items4 = await result();
    }
    expect(items4.map((item: Record<string, unknown>) => [item.index, item.status, (item.error as { code?: string } | undefined)?.code])).toEqual([
      [1, 'success', undefined],
      [2, 'failure', 'H175'],
      [3, 'failure', 'H122'],
      [4, 'success', undefined],
    ]);
    const v2 = await request(server()).get(`/v2${base}/consents/request/${accepted.body.requestId}`).set(auth()).expect(200);
    expect(v2.body[0]).toMatchObject({ index: 1, status: 'success', requestId: accepted.body.requestId });
    expect(items4[0]).not.toHaveProperty('requestId');
  });

  it('refuses oversized batches and duplicate keys in one batch', async () => {
    const recipient = nextPhone();
    const item = { recipient, recipientType: 'BIREYSEL', type: 'MESAJ', status: 'ONAY', source: 'HS_WEB', consentDate: hoursAgo(1) };
    const duplicate = await request(server()).post(`${base}/consents/request`).set(auth()).send([item, { ...item }]).expect(422);
    expect(duplicate.body.errors[0]).toMatchObject({ code: 'H194', location: [1] });
    const tooMany = await request(server()).post(`${base}/consents/request`).set(auth()).send(Array.from({ length: 1001 }, () => item)).expect(422);
    expect(tooMany.body.errors[0].code).toBe('H125');
    const unknown = await request(server()).get(`${base}/consents/request/00000000-0000-4000-8000-000000000000`).set(auth()).expect(422);
    expect(unknown.body.errors[0].code).toBe('H093');
    const notOurs = await request(server()).get(`${base}/consents/request/+905321234567`).set(auth()).expect(422);
    expect(notOurs.text).not.toContain('5321234567');
    expect((await request(server()).post(`${base}/consents/request`).set(auth()).send([]).expect(400)).body.errors[0].code).toBe('H092');
  });

  it('tells which of many recipients hold an ONAY (C5)', async () => {
    const [approved, rejected, unknown] = [nextPhone(), nextPhone(), nextPhone()];
    await request(server()).post(`${base}/consents`).set(auth()).send({ recipient: approved, recipientType: 'BIREYSEL', type: 'EPOSTA', status: 'ONAY', source: 'HS_WEB', consentDate: hoursAgo(1) }).expect(422);
    const mail = 'kemal@ornek.com.tr';
    await request(server()).post(`${base}/consents`).set(auth()).send({ recipient: mail, recipientType: 'BIREYSEL', type: 'EPOSTA', status: 'ONAY', source: 'HS_WEB', consentDate: hoursAgo(1) }).expect(200);
    await request(server()).post(`${base}/consents`).set(auth()).send({ recipient: approved, recipientType: 'BIREYSEL', type: 'MESAJ', status: 'ONAY', source: 'HS_WEB', consentDate: hoursAgo(2) }).expect(200);
    await request(server()).post(`${base}/consents`).set(auth()).send({ recipient: rejected, recipientType: 'BIREYSEL', type: 'MESAJ', status: 'ONAY', source: 'HS_WEB', consentDate: hoursAgo(2) }).expect(200);
    await request(server()).post(`${base}/consents`).set(auth()).send({ recipient: rejected, recipientType: 'BIREYSEL', type: 'MESAJ', status: 'RET', source: 'HS_WEB', consentDate: hoursAgo(1) }).expect(200);
    const response = await request(server()).post(`${base}/consents/BIREYSEL/status/MESAJ`).set(auth()).send({ recipients: [approved, rejected, unknown, 'garbage'] }).expect(200);
    expect(response.body).toEqual({ requestId: expect.any(String), list: [approved] });
    // Each recipient as sent, in the order sent, a repeated one as often as sent.
    const another = nextPhone();
    await request(server()).post(`${base}/consents`).set(auth()).send({ recipient: another, recipientType: 'BIREYSEL', type: 'MESAJ', status: 'ONAY', source: 'HS_WEB', consentDate: hoursAgo(2) }).expect(200);
    const repeated = await request(server()).post(`${base}/consents/BIREYSEL/status/MESAJ`).set(auth()).send({ recipients: [approved, unknown, another, rejected, approved] }).expect(200);
    expect(repeated.body.list).toEqual([approved, another, approved]);
    const badPath = await request(server()).post(`${base}/consents/BIREYSELL/status/MESAJ`).set(auth()).send({ recipients: [approved] }).expect(422);
    expect(badPath.body.errors[0].code).toBe('H503');
    const empty = await request(server()).post(`${base}/consents/BIREYSEL/status/MESAJ`).set(auth()).send({ recipients: [] }).expect(422);
    expect(empty.body.errors[0].code).toBe('H164');
  });

  it('pulls the brand’s movements in commit order with a cursor that never repeats (C6)', async () => {
    await changesCaughtUp();
    const first = await request(server()).get(`${base}/consents/changes?source=HS&limit=3`).set(auth()).expect(200);
    expect(first.body.list).toHaveLength(3);
    const rest = await request(server()).get(`${base}/consents/changes?source=HS&after=${first.body.after}&limit=1000`).set(auth()).expect(200);
    const all = [...first.body.list, ...rest.body.list];
    expect(new Set(all.map((c: { transactionId: string }) => c.transactionId)).size).toBe(all.length);
    expect(all[0]).toEqual({
      consentDate: expect.any(String),
      creationDate: expect.any(String),
      source: 'HS_WEB',
      recipient: expect.stringMatching(/^\+90/),
      recipientType: 'BIREYSEL',
      status: 'ONAY',
      type: 'MESAJ',
      transactionId: expect.any(String),
    });
    const recipient = nextPhone();
    await request(server()).post(`${base}/consents`).set(auth()).send({ recipient, recipientType: 'BIREYSEL', type: 'MESAJ', status: 'ONAY', source: 'HS_WEB', consentDate: hoursAgo(1) }).expect(200);
    await changesCaughtUp();
    const next = await request(server()).get(`${base}/consents/changes?source=HS&after=${rest.body.after}`).set(auth()).expect(200);
    expect(next.body.list.map((c: { recipient: string }) => c.recipient)).toEqual([recipient]);
    const empty = await request(server()).get(`${base}/consents/changes?source=IYS`).set(auth()).expect(200);
    expect(empty.body.list).toEqual([]);
    expect((await request(server()).get(`${base}/consents/changes?source=XX`).set(auth()).expect(400)).body.errors[0].code).toBe('H098');
    expect((await request(server()).get(`${base}/consents/changes?source=HS&after=zzz`).set(auth()).expect(400)).body.errors[0].code).toBe('H098');
  });

  it('keeps other providers out and never stores the address in clear', async () => {
    const admin = (await adminToken(harness.app)).access;
    const other = await onboardProvider(harness.app, admin);
    await request(server()).post(`${base}/consents/status`).set('authorization', `Bearer ${other.access}`).send({ recipient: '+905321000001', recipientType: 'BIREYSEL', type: 'MESAJ' }).expect(403);
    const { rows } = await harness.db.pool.query(`SELECT count(*)::int AS n FROM event_store.events WHERE data::text LIKE '%532100000%'`);
    expect(rows[0].n).toBe(0);
    const foreignBrand = await request(server())
      .post(`/sps/${provider.iysCode}/brands/${other.brands[0].brandCode}/consents`)
      .set(auth())
      .send({ recipient: nextPhone(), recipientType: 'BIREYSEL', type: 'MESAJ', status: 'ONAY', source: 'HS_WEB', consentDate: hoursAgo(1) })
      .expect(403);
    expect(foreignBrand.body.errors[0].code).toBe('H195');
    const foreignBatch = await request(server())
      .post(`/sps/${provider.iysCode}/brands/${other.brands[0].brandCode}/consents/request`)
      .set(auth())
      .send([{ recipient: nextPhone(), recipientType: 'BIREYSEL', type: 'MESAJ', status: 'ONAY', source: 'HS_WEB', consentDate: hoursAgo(1) }])
      .expect(403);
    expect(foreignBatch.body.errors[0].code).toBe('H195');
  });

  it('counts the brand’s consents in B1', async () => {
    const brands = await request(server()).get(`/sps/${provider.iysCode}/brands`).set(auth()).expect(200);
    const { rows } = await harness.db.pool.query(
      `SELECT count(*) FILTER (WHERE status = 'ONAY')::int AS approval, count(*) FILTER (WHERE status = 'RET')::int AS rejection FROM consent.current_consent WHERE brand_code = $1`,
      [brandCode],
    );
    const stats = brands.body.find((b: { brandCode: number }) => b.brandCode === brandCode).stats;
    expect(stats.consents).toEqual({ approval: rows[0].approval, rejection: rows[0].rejection, total: rows[0].approval + rows[0].rejection });
    expect(stats.consents.approval).toBeGreaterThan(3);
    expect(stats.consents.rejection).toBeGreaterThan(0);
  });
});
