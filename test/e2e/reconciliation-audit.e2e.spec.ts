import { createPublicKey, type KeyObject } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { addCalendarDays, FixedClock, formatIysDateTime, istanbulDay, parseIysDateTime } from '@iys/platform/building-blocks';
import { PostgresEventStore } from '@iys/platform/event-store';
import { eraseSubject, PiiVault } from '@iys/platform/pii';
import { DailySnapshotService } from '../../libs/contexts/reconciliation/src/snapshots/application/daily-snapshot.service.js';
import { startTestApp, type TestApp } from './app-harness.js';
import { verifyProof, type AsOf, type Included } from './inclusion-proof.js';
import { adminToken, onboardProvider, tokenFor } from './service-provider-flow.js';

/** The registry's clock, on a whole second: moved on by hand so two recordings get different creationDates. */
const clock = new FixedClock(new Date(Math.floor(Date.now() / 1000) * 1000));
/** İYS dates: n hours before the registry's now, Europe/Istanbul. */
const hoursAgo = (hours: number) => formatIysDateTime(new Date(clock.now().getTime() - hours * 3600_000));
const at = (text: string) => parseIysDateTime(text)!;
const secondsBefore = (text: string, seconds: number) => formatIysDateTime(new Date(parseIysDateTime(text)!.getTime() - seconds * 1000));
let phoneSequence = 0;
const nextPhone = () => `+90535${String(3000000 + ++phoneSequence).padStart(7, '0')}`;

interface Added {
  transactionId: string;
  creationDate: string;
}

type Provider = Awaited<ReturnType<typeof onboardProvider>>;
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** The real app on `clock` with two onboarded providers and a Ministry auditor (`authority`) user. */
async function startAuditApp(clock: FixedClock, auditor: string) {
  const harness = await startTestApp({}, { clock });
  const admin = (await adminToken(harness.app)).access;
  const provider = await onboardProvider(harness.app, admin);
  const other = await onboardProvider(harness.app, admin);
  const password = `${auditor}-password`;
  await request(harness.app.getHttpServer()).post('/admin/users').set(bearer(admin)).send({ username: auditor, password, role: 'authority' }).expect(201);
  /** A fresh auditor token (tokens are issued and expire on the registry's clock). */
  const authorityToken = async () => (await tokenFor(harness.app, auditor, password)).access;
  return { harness, admin, provider, other, authorityToken };
}

/** C1 for `who` with `token`: a MESAJ, BIREYSEL, HS_WEB consent unless `body` says otherwise. */
async function postConsent(harness: TestApp, token: string, who: Provider, brandCode: number, body: Record<string, unknown>): Promise<Added> {
  const response = await request(harness.app.getHttpServer())
    .post(`/sps/${who.iysCode}/brands/${brandCode}/consents`)
    .set(bearer(token))
    .send({ recipientType: 'BIREYSEL', type: 'MESAJ', source: 'HS_WEB', ...body })
    .expect(200);
  return response.body as Added;
}

/** POST /audit/as-of for a MESAJ, BIREYSEL consent. */
const asOfRequest = (harness: TestApp, token: string, body: { recipient: string; brandCode: number; at: string }) =>
  request(harness.app.getHttpServer()).post('/audit/as-of').set(bearer(token)).send({ type: 'MESAJ', recipientType: 'BIREYSEL', ...body });

/**
 * The consent audit for Ministry auditors (authority role): an address's whole consent history across
 * providers and brands with each stream's hash-chain check, and a consent's state at a past instant.
 */
describe('reconciliation: consent audit for authorities (history, as-of, chain checks)', () => {
  let harness: TestApp;
  let provider: Provider;
  let other: Provider;
  let authority: string;
  const recipient = nextPhone();
  const bystander = nextPhone();
  const added: Record<'onay' | 'ret' | 'secondBrand' | 'otherProvider' | 'bystander', Added> = {} as never;
  const consentDates: Record<string, string> = {};
  const server = () => harness.app.getHttpServer();
  const addConsent = (who: Provider, brandCode: number, body: Record<string, unknown>) => postConsent(harness, who.access, who, brandCode, body);
  const history = (address: unknown, token = authority) => request(server()).post('/audit/history').set(bearer(token)).send({ recipient: address });
  const asOf = (at: string, brandCode = provider.brands[0].brandCode, address = recipient) => asOfRequest(harness, authority, { recipient: address, brandCode, at });

  beforeAll(async () => {
    let authorityToken: () => Promise<string>;
    ({ harness, provider, other, authorityToken } = await startAuditApp(clock, 'ministry-auditor'));
    authority = await authorityToken();

    const [brand1, brand2] = provider.brands.map((b) => b.brandCode);
    consentDates.onay = hoursAgo(5);
    consentDates.ret = hoursAgo(4);
    consentDates.secondBrand = hoursAgo(3);
    added.onay = await addConsent(provider, brand1, { recipient, status: 'ONAY', consentDate: consentDates.onay });
    clock.advance(1000);
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
    expect(before).toEqual({ at: secondsBefore(added.onay.creationDate, 1), state: 'NONE', proof: [], chain: { ok: true, eventsChecked: 2 }, inclusionProofs: [] });

    const approved = (await asOf(added.onay.creationDate).expect(200)).body;
    expect(approved.state).toBe('ONAY');
    expect(approved.proof).toEqual([expect.objectContaining({ position: 1, transactionId: added.onay.transactionId, status: 'ONAY', hash: expect.stringMatching(/^[0-9a-f]{64}$/) })]);
    expect(approved.lastEvent).toEqual(approved.proof[0]);
    expect(approved.chain).toEqual({ ok: true, eventsChecked: 2 });
    // Recorded today: no signed snapshot of the day yet (signed days: the next describe).
    expect(approved.inclusionProofs).toEqual([{ transactionId: added.onay.transactionId, inclusion: { status: 'pending-snapshot', day: added.onay.creationDate.slice(0, 10) } }]);

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

/**
 * The as-of answer proves each of its events against the signed daily snapshot of the event's day.
 * On an injected clock: movements on D (two of the audited consent, others on the same brand, on a
 * second brand and another provider's), one on D+1 and one on D+2 ("today"); only D is snapshotted.
 */
describe('audit: as-of events proven against the signed daily snapshots', () => {
  const D = addCalendarDays(istanbulDay(new Date()), -3);
  const D1 = addCalendarDays(D, 1);
  const D2 = addCalendarDays(D, 2);
  const dayClock = new FixedClock(at(`${D} 09:00:00`));
  const recipient = nextPhone();
  let harness: TestApp;
  let provider: Provider;
  let other: Provider;
  let authority: string;
  let key: { publicKey: KeyObject; publicKeyId: string };
  const ids: Record<'onayD' | 'retD' | 'onayD1' | 'retD2', string> = {} as never;
  const server = () => harness.app.getHttpServer();

  async function addConsent(who: Provider, brandCode: number, phone: string, status: 'ONAY' | 'RET', time: string): Promise<string> {
    dayClock.set(at(time));
    // Tokens are issued and expire on the registry's clock: one fresh for each step in time.
    const { access } = await tokenFor(harness.app, who.username, who.password);
    return (await postConsent(harness, access, who, brandCode, { recipient: phone, status, consentDate: time })).transactionId;
  }

  const asOf = async (when: string): Promise<AsOf> =>
    (await asOfRequest(harness, authority, { recipient, brandCode: provider.brands[0].brandCode, at: when }).expect(200)).body as AsOf;

  beforeAll(async () => {
    let authorityToken: () => Promise<string>;
    ({ harness, provider, other, authorityToken } = await startAuditApp(dayClock, 'inclusion-auditor'));
    const [brand1, brand2] = provider.brands.map((b) => b.brandCode);

    ids.onayD = await addConsent(provider, brand1, recipient, 'ONAY', `${D} 10:00:00`);
    await addConsent(provider, brand1, nextPhone(), 'ONAY', `${D} 10:30:00`);
    ids.retD = await addConsent(provider, brand1, recipient, 'RET', `${D} 11:00:00`);
    await addConsent(provider, brand1, nextPhone(), 'ONAY', `${D} 11:30:00`);
    await addConsent(provider, brand2, recipient, 'ONAY', `${D} 12:00:00`);
    await addConsent(other, other.brands[0].brandCode, nextPhone(), 'ONAY', `${D} 12:30:00`);
    ids.onayD1 = await addConsent(provider, brand1, recipient, 'ONAY', `${D1} 10:00:00`);
    ids.retD2 = await addConsent(provider, brand1, recipient, 'RET', `${D2} 10:00:00`);

    authority = await authorityToken();
    const snapshot = await harness.app.get(DailySnapshotService, { strict: false }).snapshotDay(D);
    expect(snapshot.snapshot).toMatchObject({ brandCount: 3, eventCount: 6 });
    const published = (await request(server()).get('/reconciliation/signing-key').expect(200)).body as { publicKey: string; publicKeyId: string };
    key = { publicKey: createPublicKey(published.publicKey), publicKeyId: published.publicKeyId };
  });
  afterAll(() => harness.close());

  it('proves each event of a signed day, and marks days not signed yet (D+1) and today (D+2) as pending', async () => {
    const answer = await asOf(`${D2} 10:00:00`);
    expect(answer.state).toBe('RET');
    expect(answer.proof.map((event) => event.transactionId)).toEqual([ids.onayD, ids.retD, ids.onayD1, ids.retD2]);
    expect(answer.inclusionProofs.map((entry) => entry.transactionId)).toEqual(answer.proof.map((event) => event.transactionId));
    const [onayD, retD, onayD1, retD2] = answer.inclusionProofs.map((entry) => entry.inclusion);
    expect(onayD1).toEqual({ status: 'pending-snapshot', day: D1 });
    expect(retD2).toEqual({ status: 'pending-snapshot', day: D2 });

    // The brand's four movements of D in commit order: the audited consent is the 1st and the 3rd.
    expect(onayD).toMatchObject({ status: 'included', day: D, leafIndex: 0, leafCount: 4, iysCode: provider.iysCode, brandCode: provider.brands[0].brandCode, brandCount: 3 });
    expect(retD).toMatchObject({ status: 'included', day: D, leafIndex: 2, leafCount: 4 });
    for (const [index, inclusion] of [onayD, retD].entries()) {
      expect(verifyProof(answer.proof[index].hash, inclusion as Included, key)).toBe(true);
    }

    // The same roots the registry publishes for D.
    const snapshot = (await request(server()).get(`/reconciliation/snapshots/${D}`).expect(200)).body as { registryRoot: string; brands: { brandCode: number; merkleRoot: string }[] };
    expect((onayD as Included).registryRoot).toBe(snapshot.registryRoot);
    expect(snapshot.brands.find((brand) => brand.brandCode === provider.brands[0].brandCode)!.merkleRoot).toBe((onayD as Included).brandRoot);
  });

  it('answers only what was recorded by `at`: one event, proven', async () => {
    const answer = await asOf(`${D} 10:59:59`);
    expect(answer.state).toBe('ONAY');
    expect(answer.inclusionProofs).toHaveLength(1);
    expect(verifyProof(answer.proof[0].hash, answer.inclusionProofs[0].inclusion as Included, key)).toBe(true);
  });

  it('fails verification when any part of a proof is tampered with', async () => {
    const answer = await asOf(`${D2} 10:00:00`);
    const proof = answer.inclusionProofs[1].inclusion as Included;
    const hash = answer.proof[1].hash;
    const flip = (hex: string) => (hex[0] === '0' ? '1' : '0') + hex.slice(1);
    const flipFirstByte = (base64: string) => {
      const bytes = Buffer.from(base64, 'base64');
      bytes[0] ^= 1;
      return bytes.toString('base64');
    };
    const tampered: [string, Included][] = [
      [flip(hash), proof],
      [hash, { ...proof, auditPath: proof.auditPath.map((step, i) => (i === 0 ? { ...step, hash: flip(step.hash) } : step)) }],
      [hash, { ...proof, auditPath: proof.auditPath.map((step, i) => (i === 0 ? { ...step, position: step.position === 'left' ? 'right' : 'left' } : step)) }],
      [hash, { ...proof, auditPath: proof.auditPath.slice(1) }],
      [hash, { ...proof, brandPath: proof.brandPath.map((step, i) => (i === 0 ? { ...step, hash: flip(step.hash) } : step)) }],
      [hash, { ...proof, registryRoot: flip(proof.registryRoot), signedMessage: `iys-daily-snapshot/v1\n${D}\n${flip(proof.registryRoot)}` }],
      [hash, { ...proof, day: D1, signedMessage: `iys-daily-snapshot/v1\n${D1}\n${proof.registryRoot}` }],
      [hash, { ...proof, signature: flipFirstByte(proof.signature) }],
    ];
    expect(verifyProof(hash, proof, key)).toBe(true);
    for (const [leaf, changed] of tampered) expect(verifyProof(leaf, changed, key)).toBe(false);
  });

  // Last: it rewrites an event of D for good.
  it('answers unverifiable, not a proof, once an event of the signed day was rewritten', async () => {
    const { rows } = await harness.db.pool.query<{ event_id: string }>(
      `SELECT event_id FROM event_store.events WHERE event_type = 'consent.ConsentApproved' AND (data->>'brandCode')::int = $1 AND event_id <> $2
        ORDER BY global_position LIMIT 1`,
      [provider.brands[0].brandCode, ids.onayD],
    );
    await harness.db.adminQuery(
      `BEGIN; SET LOCAL session_replication_role = replica;
       UPDATE event_store.events SET hash = sha256(hash || convert_to('tampered', 'UTF8')) WHERE event_id = '${rows[0].event_id}'; COMMIT;`,
    );
    const answer = await asOf(`${D2} 10:00:00`);
    expect(answer.inclusionProofs.map((entry) => entry.inclusion)).toEqual([
      { status: 'unverifiable', day: D, reason: 'brand-root-mismatch' },
      { status: 'unverifiable', day: D, reason: 'brand-root-mismatch' },
      { status: 'pending-snapshot', day: D1 },
      { status: 'pending-snapshot', day: D2 },
    ]);
  });
});
