import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CommandBus } from '@nestjs/cqrs';
import request from 'supertest';
import { ServiceProviderContracts } from '@iys/contracts';
import { formatIysDateTime, istanbulDay } from '@iys/platform/building-blocks';
import { waitUntil } from '@iys/platform/testing';
import { PostgresEventStore } from '@iys/platform/event-store';
import { ExecuteDueErasuresCommand } from '../../libs/contexts/recipient/src/application/commands/execute-due-erasures/execute-due-erasures.command.js';
import { startTestApp, type TestApp } from './app-harness.js';
import { bearer, inboundSms, signInRecipient, SMS_WEBHOOK_SECRET } from './recipient-flow.js';
import { adminToken, onboardProvider, tokenFor } from './service-provider-flow.js';

const OPERATOR = 41;
const OTHER_OPERATOR = 42;
type Provider = Awaited<ReturnType<typeof onboardProvider>>;

describe('operator gate: gateways check every commercial message before delivery', () => {
  let harness: TestApp;
  let admin: string;
  let provider: Provider;
  let other: Provider;
  let operator: string;
  let otherOperator: string;
  let serial = 0;
  const phone = () => `+90536${String(2_000_000 + serial++)}`;
  const server = () => harness.app.getHttpServer();

  async function createOperator(operatorCode: number): Promise<string> {
    const username = `gateway-${operatorCode}`;
    const password = `secret-of-gateway-${operatorCode}`;
    await request(server()).post('/admin/users').set(bearer(admin)).send({ username, password, role: 'operator', operatorCode }).expect(201);
    return (await tokenFor(harness.app, username, password)).access;
  }
  const consent = (p: Provider, body: Record<string, unknown>) =>
    request(server())
      .post(`/sps/${p.iysCode}/brands/${p.brands[0].brandCode}/consents`)
      .set(bearer(p.access))
      .send({ type: 'MESAJ', source: 'HS_WEB', consentDate: formatIysDateTime(new Date(Date.now() - 60_000)), ...body })
      .expect(200);
  const check = (token: string, items: object[], operatorCode = OPERATOR) =>
    request(server()).post(`/operators/${operatorCode}/checks`).set(bearer(token)).send({ items });
  const item = (recipient: string, overrides: object = {}) => ({
    sender: { iysCode: provider.iysCode, brandCode: provider.brands[0].brandCode },
    recipient,
    type: 'MESAJ',
    category: 'TICARI',
    ...overrides,
  });

  beforeAll(async () => {
    harness = await startTestApp({ IYS_SMS_WEBHOOK_SECRET: SMS_WEBHOOK_SECRET, IYS_RECIPIENT_RETENTION_DAYS: '0' });
    admin = (await adminToken(harness.app)).access;
    provider = await onboardProvider(harness.app, admin);
    other = await onboardProvider(harness.app, admin);
    operator = await createOperator(OPERATOR);
    otherOperator = await createOperator(OTHER_OPERATOR);
    // The brand's SMS header, registered by the provider (service-provider's sender API).
    await request(server())
      .post(`/sps/${provider.iysCode}/brands/${provider.brands[0].brandCode}/senders`)
      .set(bearer(provider.access))
      .send({ channel: 'MESAJ', senderId: 'Kahveci' })
      .expect(201);
  }, 120_000);
  afterAll(async () => harness?.close());

  it('registers, lists publicly and ends exempt senders; every change is an event', async () => {
    const granted = await request(server())
      .post('/admin/sender-exemptions')
      .set(bearer(admin))
      .send({
        organisation: 'Yardım Derneği',
        kind: 'ASSOCIATION',
        registrationNumber: { scheme: 'VKN', value: '1234567890' },
        senders: [{ channel: 'MESAJ', senderId: 'yardım' }],
        validFrom: '2026-01-01T00:00:00+03:00',
        legalBasis: 'Ticari İletişim ve Ticari Elektronik İletiler Hakkında Yönetmelik',
      })
      .expect(201);
    const ending = await request(server())
      .post('/admin/sender-exemptions')
      .set(bearer(admin))
      .send({ organisation: 'Belediye', kind: 'PUBLIC_BODY', registrationNumber: { scheme: 'VKN', value: '0987654321' }, senders: [{ channel: 'MESAJ', senderId: 'BELEDIYE' }], validFrom: '2026-01-01T00:00:00Z', legalBasis: 'Kanun' })
      .expect(201);
    // Read-your-writes through the async directory (docs/adr/0060): exempt until the command that ends it returns.
    expect((await check(operator, [item(phone(), { sender: { senderId: 'BELEDIYE' } })]).expect(200)).body.items[0]).toMatchObject({ decision: 'ALLOW', reason: 'EXEMPT' });
    await request(server()).post(`/admin/sender-exemptions/${ending.body.exemptionId}/end`).set(bearer(admin)).send({}).expect(200);
    expect((await check(operator, [item(phone(), { sender: { senderId: 'BELEDIYE' } })]).expect(200)).body.items[0]).toMatchObject({ decision: 'DENY', reason: 'UNKNOWN_SENDER' });
    expect((await request(server()).post(`/admin/sender-exemptions/${ending.body.exemptionId}/end`).set(bearer(admin)).send({}).expect(409)).body.errors[0].code).toBe('H733');
    const invalid = await request(server()).post('/admin/sender-exemptions').set(bearer(admin)).send({ organisation: 'X', kind: 'CLUB' }).expect(422);
    expect(invalid.body.errors[0].code).toBe('H731');
    await request(server()).post('/admin/sender-exemptions').set(bearer(provider.access)).send({}).expect(403);

    const listed = await request(server()).get('/sender-exemptions').expect(200);
    expect(listed.body.map((e: { exemptionId: string }) => e.exemptionId)).toEqual([granted.body.exemptionId]);
    expect(listed.body[0]).toMatchObject({ organisation: 'Yardım Derneği', kind: 'ASSOCIATION', senders: [{ channel: 'MESAJ', senderId: 'YARDIM' }] });
    const all = await request(server()).get('/admin/sender-exemptions').set(bearer(admin)).expect(200);
    expect(all.body).toHaveLength(2);
    const stream = await harness.app.get(PostgresEventStore).readStream(`senderExemption-${ending.body.exemptionId}`);
    expect(stream.map((e) => e.type)).toEqual([ServiceProviderContracts.SENDER_EXEMPTION_GRANTED, ServiceProviderContracts.SENDER_EXEMPTION_ENDED]);

    const [exempt, ended] = (await check(operator, [item(phone(), { sender: { senderId: 'YARDIM' } }), item(phone(), { sender: { senderId: 'BELEDIYE' } })]).expect(200)).body.items;
    expect(exempt).toEqual({ decision: 'ALLOW', reason: 'EXEMPT', recipientType: null, brandCode: null });
    expect(ended).toMatchObject({ decision: 'DENY', reason: 'UNKNOWN_SENDER' });
  });

  it('answers a mixed batch item by item, in order', async () => {
    const [onay, ret, absent, tacir, tacirRet, unregistered, erased] = Array.from({ length: 7 }, phone);
    await consent(provider, { recipient: onay, recipientType: 'BIREYSEL', status: 'ONAY' });
    await consent(provider, { recipient: ret, recipientType: 'BIREYSEL', status: 'ONAY', consentDate: formatIysDateTime(new Date(Date.now() - 120_000)) });
    await consent(provider, { recipient: ret, recipientType: 'BIREYSEL', status: 'RET' });
    await consent(other, { recipient: absent, recipientType: 'BIREYSEL', status: 'ONAY' }); // another provider's consent
    await consent(provider, { recipient: tacir, recipientType: 'TACIR', status: 'ONAY' });
    await consent(provider, { recipient: tacirRet, recipientType: 'TACIR', status: 'ONAY', consentDate: formatIysDateTime(new Date(Date.now() - 120_000)) });
    await consent(provider, { recipient: tacirRet, recipientType: 'TACIR', status: 'RET' });
    await consent(other, { recipient: unregistered, recipientType: 'TACIR', status: 'ONAY' });
    await consent(provider, { recipient: erased, recipientType: 'BIREYSEL', status: 'ONAY' });
    // The owner of `erased` has it erased (retention 0 days in this registry).
    const token = await signInRecipient(harness.app, erased);
    await request(server()).post('/recipients/me/erasure-request').set(bearer(token)).expect(202);
    expect(await harness.app.get(CommandBus).execute(new ExecuteDueErasuresCommand())).toMatchObject({ erased: 1 });

    const response = await check(operator, [
      item(onay),
      item(ret),
      item(absent),
      item(tacir),
      item(tacirRet),
      item(unregistered),
      item(onay, { sender: { senderId: 'Kahveci' } }),
      item(ret, { sender: { senderId: 'YARDIM' } }),
      item(ret, { category: 'BILGILENDIRME' }),
      item(onay, { sender: { iysCode: provider.iysCode, brandCode: other.brands[0].brandCode } }),
      item(onay, { sender: { senderId: 'BILINMEZ' } }),
      item(erased),
    ]).expect(200);
    const brand = provider.brands[0].brandCode;
    expect(response.body.items).toEqual([
      { decision: 'ALLOW', reason: 'ONAY', recipientType: 'BIREYSEL', brandCode: brand },
      { decision: 'DENY', reason: 'RET', recipientType: 'BIREYSEL', brandCode: brand },
      { decision: 'DENY', reason: 'NO_CONSENT', recipientType: null, brandCode: brand },
      { decision: 'ALLOW', reason: 'TACIR_REGISTERED', recipientType: 'TACIR', brandCode: brand },
      { decision: 'DENY', reason: 'RET', recipientType: 'TACIR', brandCode: brand },
      { decision: 'DENY', reason: 'NO_CONSENT', recipientType: null, brandCode: brand },
      { decision: 'ALLOW', reason: 'ONAY', recipientType: 'BIREYSEL', brandCode: brand },
      { decision: 'ALLOW', reason: 'EXEMPT', recipientType: null, brandCode: null },
      { decision: 'ALLOW', reason: 'TRANSACTIONAL', recipientType: null, brandCode: brand },
      { decision: 'DENY', reason: 'UNKNOWN_BRAND', recipientType: null, brandCode: null },
      { decision: 'DENY', reason: 'UNKNOWN_SENDER', recipientType: null, brandCode: null },
      { decision: 'DENY', reason: 'UNKNOWN_RECIPIENT', recipientType: null, brandCode: brand },
    ]);
    // `at` re-checks a delivery as of its time (history itself: check-deliveries.int.spec.ts); before the
    // provider's activation there was nothing to deliver under.
    const past = await check(operator, [item(onay, { at: '2020-01-01 10:00:00' })]).expect(200);
    expect(past.body.items[0]).toMatchObject({ decision: 'DENY', reason: 'PROVIDER_NOT_ACTIVE' });
  });

  it('a recipient’s RET through the short number flips the very next check to DENY', async () => {
    const person = phone();
    await consent(provider, { recipient: person, recipientType: 'BIREYSEL', status: 'ONAY' });
    expect((await check(operator, [item(person)]).expect(200)).body.items[0]).toMatchObject({ decision: 'ALLOW', reason: 'ONAY' });
    const sms = await inboundSms(harness.app, { messageId: `gate-sms-${serial}`, from: person, text: `RET ${provider.brands[0].name}` });
    expect(sms.status).toBe(200);
    expect(sms.body).toMatchObject({ rejected: 1 });
    expect((await check(operator, [item(person)]).expect(200)).body.items[0]).toMatchObject({ decision: 'DENY', reason: 'RET', recipientType: 'BIREYSEL' });
  });

  it('scrubs an uploaded list in the background and streams the allowed recipients to the operator that sent it', async () => {
    const [approved, unknown] = [phone(), phone()];
    await consent(provider, { recipient: approved, recipientType: 'BIREYSEL', status: 'ONAY' });
    const submitted = await request(server())
      .post(`/operators/${OPERATOR}/scrub-jobs?type=MESAJ&senderId=KAHVECI`)
      .set(bearer(operator))
      .set('content-type', 'text/csv')
      .send(`recipient\n${approved}\n${unknown}\nnot-an-address\n`)
      .expect(202);
    expect(submitted.body).toEqual({ jobId: expect.any(String), total: 3 });
    const path = `/operators/${OPERATOR}/scrub-jobs/${submitted.body.jobId}`;
    await waitUntil(async () => (await request(server()).get(path).set(bearer(operator)).expect(200)).body.status, (status) => status === 'completed');
    expect((await request(server()).get(path).set(bearer(operator)).expect(200)).body).toMatchObject({ total: 3, processed: 3, allowed: 1 });
    const allowed = await request(server()).get(`${path}/result`).set(bearer(operator)).expect(200);
    expect(allowed.headers['content-type']).toMatch(/^text\/csv/);
    expect(allowed.text).toBe(`${approved}\r\n`);
    const decisions = await request(server()).get(`${path}/result?format=decisions`).set(bearer(operator)).expect(200);
    expect(decisions.text).toBe(`recipient,decision,reason\r\n${approved},ALLOW,ONAY\r\n${unknown},DENY,UNKNOWN_RECIPIENT\r\nnot-an-address,DENY,INVALID_RECIPIENT\r\n`);
    // Another gateway neither sees it nor learns it exists.
    expect((await request(server()).get(`/operators/${OTHER_OPERATOR}/scrub-jobs/${submitted.body.jobId}`).set(bearer(otherOperator)).expect(404)).body.errors[0].code).toBe('H736');
    await request(server()).get(path).set(bearer(otherOperator)).expect(403);
    const empty = await request(server()).post(`/operators/${OPERATOR}/scrub-jobs?type=MESAJ&senderId=KAHVECI`).set(bearer(operator)).set('content-type', 'text/csv').send('recipient\n').expect(422);
    expect(empty.body.errors[0]).toMatchObject({ code: 'H737', location: ['body'] });
  });

  it('refuses malformed requests in the İYS envelope, naming the field and never the address', async () => {
    const bad = await check(operator, [item('+905360000000', { type: 'FAKS' }), { ...item('+905360000001'), at: 'yesterday' }]).expect(422);
    expect(bad.body.errors).toEqual([
      expect.objectContaining({ code: 'H734', location: ['items', 0, 'type'] }),
      expect.objectContaining({ code: 'H734', location: ['items', 1, 'at'] }),
    ]);
    expect(JSON.stringify(bad.body)).not.toContain('+90536');
    const many = await check(operator, Array.from({ length: 1001 }, () => item('+905360000000'))).expect(422);
    expect(many.body.errors[0].code).toBe('H735');
  });

  it('lets only operators (for their own code) and the admin call the gate; each sees only its own counters; providers only their own brands', async () => {
    expect((await check(provider.access, [item(phone())]).expect(403)).body.errors[0].code).toBe('H363');
    await check(otherOperator, [item(phone())]).expect(403); // another gateway's code
    await check(operator, [item(phone())], OTHER_OPERATOR).expect(403);
    await check(admin, [item(phone())], OTHER_OPERATOR).expect(200);
    await request(server()).post(`/operators/${OPERATOR}/checks`).send({ items: [item(phone())] }).expect(401);

    const day = istanbulDay(new Date());
    const own = await request(server()).get(`/operators/${OPERATOR}/gate-stats/${day}`).set(bearer(operator)).expect(200);
    expect(own.body.counters.every((c: { operatorCode: number }) => c.operatorCode === OPERATOR)).toBe(true);
    expect(own.body.counters).toEqual(expect.arrayContaining([expect.objectContaining({ brandCode: provider.brands[0].brandCode, decision: 'DENY', reason: 'RET' })]));
    await request(server()).get(`/operators/${OTHER_OPERATOR}/gate-stats/${day}`).set(bearer(operator)).expect(403);
    expect((await request(server()).get(`/operators/${OPERATOR}/gate-stats/03.12.2026`).set(bearer(operator)).expect(422)).body.errors[0].code).toBe('H740');

    const brand = provider.brands[0].brandCode;
    const stats = await request(server()).get(`/sps/${provider.iysCode}/brands/${brand}/gate-stats/${day}`).set(bearer(provider.access)).expect(200);
    const ret = stats.body.counters.filter((c: { reason: string }) => c.reason === 'RET');
    expect(ret.reduce((sum: number, c: { count: number }) => sum + c.count, 0)).toBeGreaterThanOrEqual(3);
    expect(stats.body.counters.every((c: { brandCode: number }) => c.brandCode === brand)).toBe(true);
    await request(server()).get(`/sps/${provider.iysCode}/brands/${brand}/gate-stats/${day}`).set(bearer(other.access)).expect(403);
    await request(server()).get(`/sps/${other.iysCode}/brands/${brand}/gate-stats/${day}`).set(bearer(other.access)).expect(403);
  });
});
