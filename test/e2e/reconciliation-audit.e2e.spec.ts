import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { formatIysDateTime, parseIysDateTime } from '@iys/platform/building-blocks';
import { PostgresEventStore } from '@iys/platform/event-store';
import { eraseSubject, PiiVault } from '@iys/platform/pii';
import { startTestApp, type TestApp } from './app-harness.js';
import { adminToken, onboardProvider, tokenFor } from './service-provider-flow.js';

/** İYS dates: n hours ago, Europe/Istanbul. */
const hoursAgo = (hours: number) => formatIysDateTime(new Date(Date.now() - hours * 3600_000));
const secondsBefore = (text: string, seconds: number) => formatIysDateTime(new Date(parseIysDateTime(text)!.getTime() - seconds * 1000));
/** Waits until the wall clock is in a later second, so two recordings get different creationDates. */
const nextSecond = () => new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 50));
let phoneSequence = 0;
const nextPhone = () => `+90535${String(3000000 + ++phoneSequence).padStart(7, '0')}`;

interface Added {
  transactionId: string;
  creationDate: string;
}

/**
 * The consent audit for Ministry auditors (authority role): an address's whole consent history across
 * providers and brands with each stream's hash-chain check, and a consent's state at a past instant.
 */
describe('reconciliation: consent audit for authorities (history, as-of, chain checks)', () => {
  let harness: TestApp;
  let provider: Awaited<ReturnType<typeof onboardProvider>>;
  let other: Awaited<ReturnType<typeof onboardProvider>>;
  let authority: string;
  const recipient = nextPhone();
  const bystander = nextPhone();
  const added: Record<'onay' | 'ret' | 'secondBrand' | 'otherProvider' | 'bystander', Added> = {} as never;
  const consentDates: Record<string, string> = {};
  const server = () => harness.app.getHttpServer();
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  async function addConsent(who: typeof provider, brandCode: number, body: Record<string, unknown>): Promise<Added> {
    const response = await request(server())
      .post(`/sps/${who.iysCode}/brands/${brandCode}/consents`)
      .set(bearer(who.access))
      .send({ recipientType: 'BIREYSEL', type: 'MESAJ', source: 'HS_WEB', ...body })
      .expect(200);
    return response.body as Added;
  }

  const history = (address: unknown, token = authority) => request(server()).post('/audit/history').set(bearer(token)).send({ recipient: address });
  const asOf = (at: string, brandCode = provider.brands[0].brandCode, address = recipient) =>
    request(server()).post('/audit/as-of').set(bearer(authority)).send({ recipient: address, brandCode, type: 'MESAJ', recipientType: 'BIREYSEL', at });

  beforeAll(async () => {
    harness = await startTestApp();
    const admin = (await adminToken(harness.app)).access;
    provider = await onboardProvider(harness.app, admin);
    other = await onboardProvider(harness.app, admin);
    await request(server()).post('/admin/users').set(bearer(admin)).send({ username: 'ministry-auditor', password: 'ministry-auditor-password', role: 'authority' }).expect(201);
    authority = (await tokenFor(harness.app, 'ministry-auditor', 'ministry-auditor-password')).access;

    const [brand1, brand2] = provider.brands.map((b) => b.brandCode);
    consentDates.onay = hoursAgo(5);
    consentDates.ret = hoursAgo(4);
    consentDates.secondBrand = hoursAgo(3);
    added.onay = await addConsent(provider, brand1, { recipient, status: 'ONAY', consentDate: consentDates.onay });
    await nextSecond();
    added.ret = await addConsent(provider, brand1, { recipient, status: 'RET', consentDate: consentDates.ret });
    added.secondBrand = await addConsent(provider, brand2, { recipient, status: 'ONAY', consentDate: consentDates.secondBrand, source: 'HS_MOBIL' });
    added.otherProvider = await addConsent(other, other.brands[0].brandCode, { recipient, type: 'ARAMA', status: 'ONAY', consentDate: hoursAgo(2), source: 'HS_CAGRI_MERKEZI' });
    // Someone else's consent on the same brand: must never show up in the audited address's answer.
    added.bystander = await addConsent(provider, brand1, { recipient: bystander, status: 'ONAY', consentDate: hoursAgo(2) });
  });
  afterAll(() => harness.close());

  it('gives an authority every consent of the address, across brands and providers, events in order, chains intact', async () => {
    const response = await history(recipient).expect(200);
    const [brand1, brand2] = provider.brands.map((b) => b.brandCode);
    expect(response.body.recipient).toBe(recipient);
    // Streams by the commit order of their first event.
    expect(response.body.consents.map((c: { brandCode: number }) => c.brandCode)).toEqual([brand1, brand2, other.brands[0].brandCode]);
    expect(response.body.consents[0]).toEqual({
      iysCode: provider.iysCode,
      brandCode: brand1,
      type: 'MESAJ',
      recipientType: 'BIREYSEL',
      chain: { ok: true, eventsChecked: 2 },
      events: [
        {
          position: 1,
          transactionId: added.onay.transactionId,
          status: 'ONAY',
          consentDate: consentDates.onay,
          creationDate: added.onay.creationDate,
          source: 'HS_WEB',
          origin: 'HS',
          actorKind: 'service-provider',
          actorId: expect.any(String),
          channel: expect.any(String),
        },
        {
          position: 2,
          transactionId: added.ret.transactionId,
          status: 'RET',
          consentDate: consentDates.ret,
          creationDate: added.ret.creationDate,
          source: 'HS_WEB',
          origin: 'HS',
          actorKind: 'service-provider',
          actorId: expect.any(String),
          channel: expect.any(String),
        },
      ],
    });
    expect(response.body.consents[1]).toMatchObject({
      iysCode: provider.iysCode,
      brandCode: brand2,
      chain: { ok: true, eventsChecked: 1 },
      events: [{ position: 1, transactionId: added.secondBrand.transactionId, status: 'ONAY', consentDate: consentDates.secondBrand, source: 'HS_MOBIL' }],
    });
    expect(response.body.consents[2]).toMatchObject({
      iysCode: other.iysCode,
      type: 'ARAMA',
      chain: { ok: true, eventsChecked: 1 },
      events: [{ position: 1, transactionId: added.otherProvider.transactionId, status: 'ONAY' }],
    });
    const text = JSON.stringify(response.body);
    expect(text).not.toContain(bystander);
    expect(text).not.toContain(added.bystander.transactionId);
  });

  it('finds the same consents whatever the spelling of the address, and nothing for an unknown one', async () => {
    const spaced = `${recipient.slice(0, 3)} ${recipient.slice(3, 6)} ${recipient.slice(6)}`;
    expect((await history(spaced).expect(200)).body.consents).toHaveLength(3);
    expect((await history('+905359999999').expect(200)).body).toEqual({ recipient: '+905359999999', consents: [] });
    expect((await history('nobody@ornek.com.tr').expect(200)).body.consents).toEqual([]);
  });

  it('refuses malformed addresses with the consent codes, never echoing them', async () => {
    const codes = async (address: unknown) => {
      const response = await history(address).expect(422);
      expect(JSON.stringify(response.body)).not.toContain(String(address));
      return response.body.errors.map((e: { code: string; location?: unknown[] }) => [e.code, e.location]);
    };
    expect(await codes('+90123')).toEqual([['H121', ['recipient']]]);
    expect(await codes('ayşe@ornek.com.tr')).toEqual([['H120', ['recipient']]]);
    expect(await codes('not an address')).toEqual([['H122', ['recipient']]]);
    expect(await codes(12345)).toEqual([['H122', ['recipient']]]);
    expect((await request(server()).post('/audit/history').set(bearer(authority)).send({}).expect(422)).body.errors[0].code).toBe('H114');
    expect((await request(server()).post('/audit/history').set(bearer(authority)).send({ recipient, extra: 1 }).expect(422)).body.errors[0].code).toBe('H118');
  });

  it('is for authorities and administrators only', async () => {
    for (const path of ['/audit/history', '/audit/as-of']) {
      const refused = await request(server()).post(path).set(bearer(provider.access)).send({ recipient }).expect(403);
      expect(refused.body.errors[0].code).toBe('H363');
      await request(server()).post(path).send({ recipient }).expect(401);
    }
    const admin = (await adminToken(harness.app)).access;
    expect((await history(recipient, admin).expect(200)).body.consents).toHaveLength(3);
  });

  it('answers the state as the registry knew it at an instant, with the events and chain hashes behind it', async () => {
    const before = (await asOf(secondsBefore(added.onay.creationDate, 1)).expect(200)).body;
    expect(before).toEqual({ at: secondsBefore(added.onay.creationDate, 1), state: 'NONE', proof: [], chain: { ok: true, eventsChecked: 2 } });

    const approved = (await asOf(added.onay.creationDate).expect(200)).body;
    expect(approved.state).toBe('ONAY');
    expect(approved.proof).toEqual([expect.objectContaining({ position: 1, transactionId: added.onay.transactionId, status: 'ONAY', hash: expect.stringMatching(/^[0-9a-f]{64}$/) })]);
    expect(approved.lastEvent).toEqual(approved.proof[0]);
    expect(approved.chain).toEqual({ ok: true, eventsChecked: 2 });
    expect(approved).not.toHaveProperty('inclusionProofs');

    const rejected = (await asOf(added.ret.creationDate).expect(200)).body;
    expect(rejected.state).toBe('RET');
    expect(rejected.proof.map((e: { transactionId: string }) => e.transactionId)).toEqual([added.onay.transactionId, added.ret.transactionId]);
    expect(rejected.proof[0].hash).toBe(approved.proof[0].hash);
    expect(rejected.lastEvent.transactionId).toBe(added.ret.transactionId);
    // The hashes are the ones the event store holds.
    const { rows } = await harness.db.pool.query<{ hash: Buffer }>('SELECT hash FROM event_store.events WHERE event_id = $1', [added.ret.transactionId]);
    expect(rejected.proof[1].hash).toBe(rows[0].hash.toString('hex'));

    expect((await asOf(added.ret.creationDate, provider.brands[1].brandCode).expect(200)).body.state).toBe('ONAY');
    expect((await asOf(added.ret.creationDate, provider.brands[0].brandCode, '+905359999999').expect(200)).body).toMatchObject({ state: 'NONE', proof: [] });
  });

  it('validates the as-of request', async () => {
    const send = (body: Record<string, unknown>) =>
      request(server())
        .post('/audit/as-of')
        .set(bearer(authority))
        .send({ recipient, brandCode: provider.brands[0].brandCode, type: 'MESAJ', recipientType: 'BIREYSEL', at: added.ret.creationDate, ...body });
    expect((await send({ at: '2026-02-30 10:00:00' }).expect(422)).body.errors[0].code).toBe('H157');
    expect((await send({ at: '2026-02-03T10:00:00' }).expect(422)).body.errors[0].code).toBe('H157');
    expect((await send({ type: 'FAKS' }).expect(422)).body.errors[0].code).toBe('H117');
    expect((await send({ recipientType: 'KURUM' }).expect(422)).body.errors[0].code).toBe('H116');
    expect((await send({ brandCode: 'x' }).expect(422)).body.errors[0].code).toBe('H191');
    expect((await send({ type: 'EPOSTA' }).expect(422)).body.errors[0].code).toBe('H120');
  });

  it('shows a tampered event as a broken chain at its position', async () => {
    const { rows } = await harness.db.pool.query<{ stream_id: string }>('SELECT stream_id FROM event_store.events WHERE event_id = $1', [added.ret.transactionId]);
    const streamId = rows[0].stream_id;
    expect(streamId).toMatch(/^consent-[0-9a-f-]{36}\.\d+\.MESAJ\.BIREYSEL$/);
    await harness.db.adminQuery(
      `BEGIN; SET LOCAL session_replication_role = replica;
       UPDATE event_store.events SET data = jsonb_set(data, '{source}', '"HS_ISLAK_IMZA"') WHERE stream_id = '${streamId}' AND stream_position = 2;
       COMMIT;`,
    );
    const response = await history(recipient).expect(200);
    expect(response.body.consents[0].chain).toEqual({ ok: false, eventsChecked: 1, firstBroken: { position: 2, reason: 'hash-mismatch' } });
    expect(response.body.consents[1].chain.ok).toBe(true);
    expect(response.body.consents[2].chain.ok).toBe(true);
    expect((await asOf(added.onay.creationDate).expect(200)).body.chain).toEqual({ ok: false, eventsChecked: 1, firstBroken: { position: 2, reason: 'hash-mismatch' } });
  });

  it('has nothing for an erased subject: its id is gone', async () => {
    const { rows } = await harness.db.pool.query<{ recipient_id: string }>(`SELECT data->>'recipientId' AS recipient_id FROM event_store.events WHERE event_id = $1`, [added.onay.transactionId]);
    await eraseSubject({ vault: harness.app.get(PiiVault), store: harness.app.get(PostgresEventStore) }, rows[0].recipient_id, 'recipient-request');
    expect((await history(recipient).expect(200)).body).toEqual({ recipient, consents: [] });
    expect((await asOf(added.ret.creationDate).expect(200)).body).toMatchObject({ state: 'NONE', proof: [] });
  });
});
