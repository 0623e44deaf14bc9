import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import request from 'supertest';
import { FixedClock, formatIysDateTime } from '@iys/platform/building-blocks';
import { RecordingMessageSender, type RecordedMessage } from '@iys/platform/outbox';
import { isEncryptedValue, PiiVault, type EncryptedValue } from '@iys/platform/pii';
import { waitUntil } from '@iys/platform/testing';
import { VERIFICATION_CODE_GENERATOR, type VerificationCodeGenerator } from '../../libs/contexts/consent/src/application/commands/start-consent-verification/verification-code.js';
import { expectStatus, iysClient } from '../support/iys-client.js';
import { startTestApp, type TestApp } from './app-harness.js';
import { adminToken, onboardProvider, tokenFor } from './service-provider-flow.js';

const MINUTE = 60_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
let phoneSequence = 0;
/** A fresh recipient per scenario, so the per-recipient limits of one never touch another. */
const nextPhone = () => `+90533${String(2000000 + ++phoneSequence).padStart(7, '0')}`;

interface OutboxRow {
  id: string;
  channel: string;
  recipient_id: string;
  recipient: EncryptedValue;
  template: string;
  params: Record<string, unknown>;
  sealed_params: EncryptedValue | null;
  status: string;
  sent_at: Date | null;
}

describe('consent collected through the registry (İYS C8: overIys + verificationCode)', () => {
  // Monday 2026-11-23 10:00 Europe/Istanbul: the limits are per Istanbul day, so the day is pinned.
  const clock = new FixedClock(new Date('2026-11-23T07:00:00.000Z'));
  let harness: TestApp;
  let provider: Awaited<ReturnType<typeof onboardProvider>>;
  let base: string;
  let otherBrandBase: string;
  const server = () => harness.app.getHttpServer();
  const auth = () => ({ authorization: `Bearer ${provider.access}` });
  const start = (body: Record<string, unknown>) => request(server()).post(`${base}/consents/overIys`).set(auth()).send(body);
  const complete = (body: Record<string, unknown>, path = base) => request(server()).post(`${path}/consents/verificationCode`).set(auth()).send(body);
  /** C2 through the generated client. */
  const statusOf = async (recipient: string, type: 'MESAJ' | 'ARAMA') => {
    const client = await iysClient(harness.app, provider.access);
    const path = { iysCode: provider.iysCode, brandCode: provider.brands[0].brandCode };
    return expectStatus(await client.POST('/sps/{iysCode}/brands/{brandCode}/consents/status', { params: { path }, body: { recipient, recipientType: 'BIREYSEL', type } }), 200);
  };
  const sms = (recipient: string) => ({ recipient, recipientType: 'BIREYSEL', type: 'MESAJ', source: 'IYS_KISAMESAJ' });
  const codesOf = (response: request.Response) => (response.body.errors as { code: string }[]).map((e) => e.code);

  async function outboxOf(requestId: string): Promise<OutboxRow> {
    const { rows } = await harness.db.pool.query<OutboxRow>(`SELECT * FROM outbox.messages WHERE params->>'requestId' = $1`, [requestId]);
    expect(rows).toHaveLength(1);
    return rows[0];
  }

  /** The message as the recipient got it: with no gateway configured, the recording sender stands in for the SMS gateway and the call centre. */
  async function deliveredFor(requestId: string): Promise<RecordedMessage> {
    const { id } = await outboxOf(requestId);
    const recorder = harness.app.get(RecordingMessageSender);
    const delivered = await waitUntil(() => recorder.recorded((message) => message.id === id), (found) => found.length > 0, { description: 'the message delivered' });
    expect(delivered).toHaveLength(1);
    return delivered[0];
  }

  /** The code, learned the way the recipient learns it: from the SMS text. */
  async function codeOf(requestId: string): Promise<string> {
    const { text } = await deliveredFor(requestId);
    const code = /^İYS onay kodunuz: (\d{6})\./.exec(text)?.[1];
    if (code === undefined) throw new Error('the SMS carries no verification code');
    return code;
  }

  /** Keeps the provider's token fresh when a scenario moves the clock past its 2 hours. */
  async function signInAgain(): Promise<void> {
    provider = { ...provider, ...(await tokenFor(harness.app, provider.username, provider.password)) };
  }

  beforeAll(async () => {
    harness = await startTestApp({}, { clock });
    provider = await onboardProvider(harness.app, (await adminToken(harness.app)).access);
    base = `/sps/${provider.iysCode}/brands/${provider.brands[0].brandCode}`;
    otherBrandBase = `/sps/${provider.iysCode}/brands/${provider.brands[1].brandCode}`;
  });
  afterAll(() => harness.close());

  it('queues the code in the outbox, sealed, sends it by SMS, and records the ONAY with source IYS_KISAMESAJ when it comes back', async () => {
    const recipient = nextPhone();
    const started = await start(sms(recipient)).expect(200);
    expect(started.body).toEqual({ requestId: expect.stringMatching(UUID) });
    const { requestId } = started.body as { requestId: string };

    // The message is queued with the process, and nothing in it is readable without the vault.
    const message = await outboxOf(requestId);
    expect(message).toMatchObject({ channel: 'sms', template: 'consent-verification.sms', sealed_params: expect.anything() });
    expect(isEncryptedValue(message.recipient)).toBe(true);
    expect(isEncryptedValue(message.sealed_params)).toBe(true);

    // The dispatcher unseals it at the last moment and sends the SMS: to the recipient, with the code.
    const delivered = await deliveredFor(requestId);
    expect(delivered).toMatchObject({ channel: 'sms', recipientId: await harness.app.get(PiiVault).findRecipientId(recipient), template: 'consent-verification.sms' });
    const code = await codeOf(requestId);
    expect(code).toMatch(/^\d{6}$/);
    expect(delivered.text).toBe(`İYS onay kodunuz: ${code}. Marka ${provider.brands[0].brandCode} (İYS no ${provider.iysCode}) için ticari ileti onayı. Kod 10 dakika geçerlidir.`);
    const national = recipient.slice(3);
    const { rows: outboxText } = await harness.db.pool.query<{ text: string }>(`SELECT to_jsonb(o)::text AS text FROM outbox.messages o WHERE id = $1`, [message.id]);
    expect(outboxText[0].text).not.toContain(national);
    expect(outboxText[0].text).not.toContain(code);

    // The process keeps neither the address nor the code (only a keyed, salted MAC of it).
    const { rows: processes } = await harness.db.pool.query<{ text: string; code_hash: Buffer; attempts: number; status: string; expires_at: Date }>(
      `SELECT (to_jsonb(p) - 'code_hash' - 'code_salt')::text AS text, code_hash, attempts, status, expires_at
         FROM consent.verification_processes p WHERE request_id = $1`,
      [requestId],
    );
    expect(processes).toHaveLength(1);
    expect(processes[0]).toMatchObject({ attempts: 0, status: 'pending', expires_at: new Date(clock.now().getTime() + 10 * MINUTE) });
    expect(processes[0].text).not.toContain(national);
    expect(processes[0].text).not.toContain(code);
    expect(processes[0].code_hash.equals(createHash('sha256').update(code).digest())).toBe(false);
    expect(processes[0].code_hash.toString('latin1')).not.toContain(code);

    // …and marks it sent, once.
    const sent = await waitUntil(() => outboxOf(requestId), (row) => row.status === 'sent', { description: 'the message marked sent' });
    expect(sent.sent_at).toEqual(clock.now());
    expect(await harness.app.get(RecordingMessageSender).recorded((recorded) => recorded.id === message.id)).toHaveLength(1);

    clock.advance(MINUTE); // the recipient reads the SMS and tells the provider the code
    const consentDate = formatIysDateTime(clock.now());
    const completed = await complete({ requestId, verificationCode: code }).expect(200);
    expect(completed.body).toEqual({ transactionId: expect.stringMatching(UUID), creationDate: consentDate });

    expect(await statusOf(recipient, 'MESAJ')).toMatchObject({
      recipient,
      recipientType: 'BIREYSEL',
      type: 'MESAJ',
      status: 'ONAY',
      source: 'IYS_KISAMESAJ',
      consentDate,
      creationDate: consentDate,
      transactionId: completed.body.transactionId,
    });

    // A process completes once.
    const again = await complete({ requestId, verificationCode: code }).expect(422);
    expect(again.body.errors).toEqual([{ code: 'H456', message: 'İzin kaydetme isteği için verilen istek id (requestId) ile ilgili işlem bulunamadı.', location: ['requestId'] }]);
  });

  it('answers a wrong code with H460 and closes the process at the fifth', async () => {
    const generator = harness.app.get<VerificationCodeGenerator>(VERIFICATION_CODE_GENERATOR);
    const fixed = jest.spyOn(generator, 'next').mockReturnValueOnce('004711').mockReturnValueOnce('990001');
    try {
      // A call-centre process: a wrong code costs an attempt, the right one still works.
      const caller = nextPhone();
      const byCall = (await start({ recipient: caller, recipientType: 'BIREYSEL', type: 'ARAMA', source: 'IYS_CM' }).expect(200)).body.requestId as string;
      expect(await outboxOf(byCall)).toMatchObject({ channel: 'call', template: 'consent-verification.call' });
      // The call centre gets the script with the code digit by digit, for the caller's number.
      const call = await deliveredFor(byCall);
      expect(call).toMatchObject({ channel: 'call', recipientId: await harness.app.get(PiiVault).findRecipientId(caller) });
      expect(call.text).toContain('Onay kodunuz: 0 0 4 7 1 1.');
      const wrong = await complete({ requestId: byCall, verificationCode: '004712' }).expect(422);
      expect(wrong.body.errors).toEqual([{ code: 'H460', message: 'Girilen veriler doğrulamadı.', location: ['verificationCode'] }]);
      await complete({ requestId: byCall, verificationCode: '004711' }).expect(200);
      expect(await statusOf(caller, 'ARAMA')).toMatchObject({ status: 'ONAY', source: 'IYS_CM' });

      // Five wrong codes close the process: even the right one then finds nothing.
      const guessed = (await start(sms(nextPhone())).expect(200)).body.requestId as string;
      for (let attempt = 1; attempt <= 5; attempt++) {
        expect(codesOf(await complete({ requestId: guessed, verificationCode: String(attempt).padStart(6, '0') }).expect(422))).toEqual(['H460']);
      }
      expect(codesOf(await complete({ requestId: guessed, verificationCode: '990001' }).expect(422))).toEqual(['H456']);
    } finally {
      fixed.mockRestore();
    }
  });

  it('lets a code expire after 10 minutes', async () => {
    const requestId = (await start(sms(nextPhone())).expect(200)).body.requestId as string;
    const code = await codeOf(requestId);
    clock.advance(10 * MINUTE);
    expect(codesOf(await complete({ requestId, verificationCode: code }).expect(422))).toEqual(['H456']);
  });

  it('allows a recipient two processes per Istanbul day, at least 3 minutes apart (H465, H453)', async () => {
    clock.set(new Date('2026-11-23T18:00:00.000Z')); // 21:00 Istanbul
    await signInAgain();
    const recipient = nextPhone();
    await start(sms(recipient)).expect(200);

    clock.advance(3 * MINUTE - 1000);
    const tooSoon = await start(sms(recipient)).expect(422);
    expect(tooSoon.body.errors).toEqual([{ code: 'H465', message: 'Alıcı (recipient) için 3 dk içinde yeni bir süreç başlatılamamaktadır', location: ['recipient'] }]);
    expect(tooSoon.text).not.toContain(recipient.slice(3));
    // Another brand of the same provider is subject to the same per-recipient limit.
    expect(codesOf(await request(server()).post(`${otherBrandBase}/consents/overIys`).set(auth()).send(sms(recipient)).expect(422))).toEqual(['H465']);

    clock.advance(1000);
    await start(sms(recipient)).expect(200);

    clock.advance(30 * MINUTE);
    const third = await start(sms(recipient)).expect(422);
    expect(third.body.errors).toEqual([
      { code: 'H453', message: "Alıcı (recipient) için gün içerisinde yapılan işlem sayısı 2'dir, daha fazla işlem yapılamamaktadır.", location: ['recipient'] },
    ]);

    // 00:00:01 the next Istanbul day: the count starts again.
    clock.set(new Date('2026-11-23T21:00:01.000Z'));
    await signInAgain();
    await start(sms(recipient)).expect(200);
  });

  it('answers what the request alone shows with C8 codes, all at once (H459, H452, H464)', async () => {
    const email = 'ayse.verification@ornek.com.tr';
    const epost = await start({ recipient: email, recipientType: 'BIREYSEL', type: 'EPOSTA', source: 'IYS_KISAMESAJ' }).expect(422);
    expect(epost.body.errors).toEqual([
      { code: 'H459', message: 'Alıcı (recipient) için beklenen izin tipi (type) değerleri [MESAJ, ARAMA] olmalıdır', location: ['type'], value: 'EPOSTA' },
    ]);
    expect(epost.text).not.toContain(email);

    const phone = nextPhone();
    const wrongSource = await start({ ...sms(phone), source: 'IYS_CM' }).expect(422);
    expect(wrongSource.body.errors).toEqual([
      { code: 'H452', message: 'İzin tipi (type) değeri [ARAMA, MESAJ] için beklenen izin kaynağı [IYS_CM, IYS_KISAMESAJ] olmalıdır.', location: ['source'] },
    ]);
    expect(codesOf(await start({ recipient: phone, recipientType: 'BIREYSEL', type: 'ARAMA', source: 'IYS_KISAMESAJ' }).expect(422))).toEqual(['H452']);
    expect(codesOf(await start({ ...sms(phone), source: 'HS_WEB' }).expect(422))).toEqual(['H452']);

    const mailForSms = await start(sms(email)).expect(422);
    expect(mailForSms.body.errors).toEqual([{ code: 'H464', message: 'İzin tipi (type) MESAJ için, alıcı (recipient) telefon formatında olmalıdır.', location: ['recipient'] }]);
    expect(codesOf(await start({ ...sms(email), source: 'IYS_CM' }).expect(422))).toEqual(['H452', 'H464']);
    expect(codesOf(await start({ recipient: email, recipientType: 'BIREYSEL', type: 'ARAMA', source: 'IYS_CM' }).expect(422))).toEqual(['H121']);

    // Shape: missing fields and unknown ones, as everywhere.
    expect(codesOf(await start({ recipient: phone, recipientType: 'BIREYSEL', type: 'MESAJ', consentDate: '2026-11-23 10:00:00' }).expect(422))).toEqual(['H113', 'H118']);

    // None of these started anything for the recipient: a valid request right after is accepted.
    await start(sms(phone)).expect(200);
  });

  it('checks the completion body and finds only the processes of this brand (H454, H455, H456)', async () => {
    expect(codesOf(await complete({ requestId: 'not-a-request', verificationCode: '12345' }).expect(422))).toEqual(['H454', 'H455']);
    expect(codesOf(await complete({}).expect(422))).toEqual(['H454', 'H455']);
    expect(codesOf(await complete({ requestId: '00000000-0000-4000-8000-000000000000', verificationCode: 123456 }).expect(422))).toEqual(['H455']);
    expect(codesOf(await complete({ requestId: '00000000-0000-4000-8000-000000000000', verificationCode: '123456' }).expect(422))).toEqual(['H456']);

    const requestId = (await start(sms(nextPhone())).expect(200)).body.requestId as string;
    const code = await codeOf(requestId);
    expect(codesOf(await complete({ requestId, verificationCode: code }, otherBrandBase).expect(422))).toEqual(['H456']);
    await complete({ requestId: requestId.toUpperCase(), verificationCode: code }).expect(200);
  });
});
