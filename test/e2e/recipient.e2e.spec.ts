import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { FixedClock, formatIysDateTime } from '@iys/platform/building-blocks';
import { waitUntil } from '@iys/platform/testing';
import { ConsentNoticeSender } from '../../libs/contexts/recipient/src/application/notices/consent-notice.sender.js';
import { startTestApp, type TestApp } from './app-harness.js';
import { inboundSms, nthMessageTo, recordedTo, signInRecipient, SMS_WEBHOOK_SECRET } from './recipient-flow.js';
import { adminToken, onboardProvider, tokenFor } from './service-provider-flow.js';

const MINUTE = 60_000;
const PERSON = '+905321110001';
const NEIGHBOUR = '+905321110002';

describe('recipients: notified once, reject by link, by SMS and in the API; providers see exactly that', () => {
  // Monday 2026-11-23 10:00 Istanbul; the notice waits 60 s to gather a bulk upload, so time is ours to move.
  const clock = new FixedClock(new Date('2026-11-23T07:00:00.000Z'));
  let harness: TestApp;
  let provider: Awaited<ReturnType<typeof onboardProvider>>;
  let brandA: { brandCode: number; name: string };
  let brandB: { brandCode: number; name: string };
  const server = () => harness.app.getHttpServer();
  const asProvider = () => ({ authorization: `Bearer ${provider.access}` });

  async function addConsent(brandCode: number, recipient: string, type: string): Promise<void> {
    await request(server())
      .post(`/sps/${provider.iysCode}/brands/${brandCode}/consents`)
      .set(asProvider())
      .send({ recipient, recipientType: 'BIREYSEL', type, status: 'ONAY', consentDate: formatIysDateTime(clock.now()), source: 'HS_WEB' })
      .expect(200);
  }

  async function registryChanges(brandCode: number): Promise<{ type: string; status: string; source: string; recipient: string }[]> {
    const response = await request(server()).get(`/sps/${provider.iysCode}/brands/${brandCode}/consents/changes?source=IYS`).set(asProvider()).expect(200);
    return response.body.list;
  }

  beforeAll(async () => {
    harness = await startTestApp({ IYS_SMS_WEBHOOK_SECRET: SMS_WEBHOOK_SECRET, IYS_RECIPIENT_NOTICE_DELAY_SECONDS: '60' }, { clock });
    provider = await onboardProvider(harness.app, (await adminToken(harness.app)).access);
    [brandA, brandB] = provider.brands;
    // A bulk of registrations for one person (two brands, two channels), and one for a neighbour.
    await addConsent(brandA.brandCode, PERSON, 'MESAJ');
    await addConsent(brandA.brandCode, PERSON, 'ARAMA');
    await addConsent(brandB.brandCode, PERSON, 'MESAJ');
    await addConsent(brandA.brandCode, NEIGHBOUR, 'MESAJ');
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('notifies each person once, listing every new consent with its own opt-out link', async () => {
    await waitUntil(
      async () => (await harness.db.pool.query('SELECT 1 FROM recipient.pending_notices')).rowCount,
      (count) => count === 4,
      { description: 'the four registrations pending a notice' },
    );
    expect(await recordedTo(harness.app, PERSON, 'recipient.consent-notice.sms')).toHaveLength(0); // still gathering
    clock.advance(2 * MINUTE);
    const notice = await nthMessageTo(harness.app, PERSON, 'recipient.consent-notice.sms');
    expect(notice.text.match(/\/recipients\/opt-out\/[0-9a-f-]{36}\.[A-Za-z0-9_-]{22}/g)).toHaveLength(3);
    expect(notice.text).toContain(brandA.name);
    expect(notice.text).toContain(brandB.name);
    await nthMessageTo(harness.app, NEIGHBOUR, 'recipient.consent-notice.sms');

    // Another registration later the same day waits for tomorrow's notice: at most one per address per day.
    await addConsent(brandB.brandCode, NEIGHBOUR, 'MESAJ');
    await waitUntil(
      async () => (await harness.db.pool.query('SELECT 1 FROM recipient.pending_notices')).rowCount,
      (count) => count === 1,
      { description: 'the late registration pending' },
    );
    clock.advance(5 * MINUTE);
    expect(await harness.app.get(ConsentNoticeSender).drain()).toBe(0);
    expect(await recordedTo(harness.app, NEIGHBOUR, 'recipient.consent-notice.sms')).toHaveLength(1);
    expect(await recordedTo(harness.app, PERSON, 'recipient.consent-notice.sms')).toHaveLength(1);

    // The next Istanbul day, the waiting registration gets its own notice.
    clock.advance(24 * 60 * MINUTE);
    const tomorrow = await nthMessageTo(harness.app, NEIGHBOUR, 'recipient.consent-notice.sms', 2);
    expect(tomorrow.text.match(/\/recipients\/opt-out\//g)).toHaveLength(1);
    expect(tomorrow.text).toContain(brandB.name);
  });

  it('rejects by link once; replayed and forged links change nothing', async () => {
    const notice = (await recordedTo(harness.app, PERSON, 'recipient.consent-notice.sms'))[0];
    const line = notice.text.split('\n').find((text) => text.includes(brandA.name) && !text.includes(brandB.name) && text.includes('arama'));
    const path = /\/recipients\/opt-out\/\S+/.exec(line ?? '')?.[0];
    expect(path).toBeDefined();

    const page = await request(server()).get(path!).expect(200);
    expect(page.headers['content-type']).toContain('text/html');
    const done = await request(server()).post(path!).expect(200);
    expect(done.body).toMatchObject({ status: 'RET', transactionId: expect.any(String) });

    const replay = await request(server()).post(path!).expect(409);
    expect(replay.body.errors[0].code).toBe('H667');
    const forged = `${path!.slice(0, -3)}${path!.endsWith('AAA') ? 'BBB' : 'AAA'}`;
    expect((await request(server()).post(forged).expect(400)).body.errors[0].code).toBe('H668');
    expect((await request(server()).post('/recipients/opt-out/not-a-link').expect(400)).body.errors[0].code).toBe('H668');
  });

  it('rejects by SMS to the short number (any case, Turkish letters); forged and replayed webhooks change nothing', async () => {
    const text = `ret ${brandB.name.toLocaleLowerCase('tr-TR')}`;
    const forged = await inboundSms(harness.app, { messageId: 'sms-forged', from: PERSON, text }, { secret: randomBytes(32).toString('base64url') });
    expect(forged.status).toBe(401);
    expect(forged.body.errors[0].code).toBe('H669');
    const stale = await inboundSms(harness.app, { messageId: 'sms-stale', from: PERSON, text }, { at: clock.now().getTime() - 10 * MINUTE });
    expect(stale.status).toBe(401);

    const accepted = await inboundSms(harness.app, { messageId: 'sms-1', from: PERSON, text }, { at: clock.now().getTime() });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toEqual({ messageId: 'sms-1', command: 'reject-brand', rejected: 1 });
    const reply = await nthMessageTo(harness.app, PERSON, 'recipient.sms-reply.sms');
    expect(reply.text).toContain('1 ticari ileti izniniz reddedildi');

    const replayed = await inboundSms(harness.app, { messageId: 'sms-1', from: PERSON, text }, { at: clock.now().getTime() });
    expect(replayed.status).toBe(409);
    expect(replayed.body.errors[0].code).toBe('H670');
    const help = await inboundSms(harness.app, { messageId: 'sms-2', from: PERSON, text: 'merhaba' }, { at: clock.now().getTime() });
    expect(help.body).toEqual({ messageId: 'sms-2', command: 'help', rejected: 0 });
  });

  it('rejects in the API with a recipient token, which reaches only its own consents', async () => {
    const token = await signInRecipient(harness.app, PERSON);
    const mine = { authorization: `Bearer ${token}` };
    const list = await request(server()).get('/recipients/me/consents').set(mine).expect(200);
    expect(list.body.consents).toHaveLength(3);
    expect(list.body.consents.every((c: { recipient: string }) => c.recipient === PERSON)).toBe(true);
    const open = list.body.consents.filter((c: { status: string }) => c.status === 'ONAY');
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ brandCode: brandA.brandCode, type: 'MESAJ', source: 'HS_WEB', providerTitle: expect.any(String), brandName: brandA.name });

    const rejected = await request(server()).put(`/recipients/me/consents/${open[0].consentId}/status`).set(mine).send({ status: 'RET' }).expect(200);
    expect(rejected.body.status).toBe('RET');
    const again = await request(server()).put(`/recipients/me/consents/${open[0].consentId}/status`).set(mine).send({ status: 'RET' }).expect(400);
    expect(again.body.errors[0].code).toBe('H174');

    const history = await request(server()).get(`/recipients/me/consents/${open[0].consentId}/history`).set(mine).expect(200);
    expect(history.body.events.map((e: { status: string; source: string; origin: string }) => [e.status, e.source, e.origin])).toEqual([
      ['ONAY', 'HS_WEB', 'HS'],
      ['RET', 'IYS_WEB', 'IYS'],
    ]);

    // The neighbour's consent: invisible, and neither readable nor changeable with this token.
    const neighbourToken = await signInRecipient(harness.app, NEIGHBOUR);
    const theirs = (await request(server()).get('/recipients/me/consents').set({ authorization: `Bearer ${neighbourToken}` }).expect(200)).body.consents;
    expect(theirs).toHaveLength(2);
    expect((await request(server()).get(`/recipients/me/consents/${theirs[0].consentId}/history`).set(mine).expect(404)).body.errors[0].code).toBe('H665');
    expect((await request(server()).put(`/recipients/me/consents/${theirs[0].consentId}/status`).set(mine).send({ status: 'RET' }).expect(404)).body.errors[0].code).toBe('H665');
    const stillTheirs = (await request(server()).get('/recipients/me/consents').set({ authorization: `Bearer ${neighbourToken}` }).expect(200)).body.consents;
    expect(stillTheirs[0].status).toBe('ONAY');

    // Tokens of the two worlds do not cross.
    expect((await request(server()).get('/recipients/me/consents').set(asProvider()).expect(401)).body.errors[0].code).toBe('H351');
    await request(server()).get(`/sps/${provider.iysCode}/brands`).set(mine).expect(401);
  });

  it("shows the provider exactly the recipient's three decisions under source=IYS, in order", async () => {
    provider.access = (await tokenFor(harness.app, provider.username, provider.password)).access; // a day has passed
    const [a, b] = await waitUntil(
      async () => [await registryChanges(brandA.brandCode), await registryChanges(brandB.brandCode)],
      ([changesA, changesB]) => changesA.length + changesB.length >= 3,
      { description: 'the change feed caught up' },
    );
    expect(a.map((c) => [c.recipient, c.type, c.status, c.source])).toEqual([
      [PERSON, 'ARAMA', 'RET', 'IYS_WEB'], // the link
      [PERSON, 'MESAJ', 'RET', 'IYS_WEB'], // the API
    ]);
    expect(b.map((c) => [c.recipient, c.type, c.status, c.source])).toEqual([[PERSON, 'MESAJ', 'RET', 'IYS_KISAMESAJ']]); // the short number

    // The day's reconciliation counts them as the registry's (IYS) movements, once the day is over.
    const day = formatIysDateTime(clock.now()).slice(0, 10);
    clock.advance(24 * 60 * MINUTE);
    provider.access = (await tokenFor(harness.app, provider.username, provider.password)).access;
    const summary = await request(server()).get(`/sps/${provider.iysCode}/brands/${brandA.brandCode}/changes/${day}/recipients/BIREYSEL`).set(asProvider()).expect(200);
    expect(summary.body.changeStats).toEqual([
      { type: 'ARAMA', consents: [{ source: 'IYS', total: 1, approval: 0, rejection: 1 }] },
      { type: 'MESAJ', consents: [{ source: 'IYS', total: 1, approval: 0, rejection: 1 }] },
    ]);
  });

  it('answers bad codes and floods with clear errors', async () => {
    const challenge = await request(server()).post('/recipients/auth/codes').send({ recipient: NEIGHBOUR }).expect(200);
    const sent = await nthMessageTo(harness.app, NEIGHBOUR, 'recipient.code.sms', 2);
    const wrong = sent.text.includes('000000') ? '111111' : '000000';
    expect((await request(server()).post('/recipients/auth/token').send({ challengeId: challenge.body.challengeId, code: wrong }).expect(422)).body.errors[0].code).toBe('H663');
    expect((await request(server()).post('/recipients/auth/token').send({ challengeId: challenge.body.challengeId, code: '12' }).expect(422)).body.errors[0].code).toBe('H664');
    expect((await request(server()).post('/recipients/auth/codes').send({ recipient: '12345' }).expect(422)).body.errors[0].code).toBe('H660');
    // Three codes per address per 15 minutes: this quarter-hour has seen one, two more pass, the fourth does not.
    await request(server()).post('/recipients/auth/codes').send({ recipient: NEIGHBOUR }).expect(200);
    await request(server()).post('/recipients/auth/codes').send({ recipient: NEIGHBOUR }).expect(200);
    const flooded = await request(server()).post('/recipients/auth/codes').send({ recipient: NEIGHBOUR }).expect(429);
    expect(flooded.body.errors[0].code).toBe('H661');
  });
});
