import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CommandBus } from '@nestjs/cqrs';
import request from 'supertest';
import { FixedClock, formatIysDateTime } from '@iys/platform/building-blocks';
import { PiiVault } from '@iys/platform/pii';
import { ExecuteDueErasuresCommand } from '../../libs/contexts/recipient/src/application/commands/execute-due-erasures/execute-due-erasures.command.js';
import type { ErasureRun } from '../../libs/contexts/recipient/src/application/commands/execute-due-erasures/execute-due-erasures.handler.js';
import { PruneExpiredSecretsCommand } from '../../libs/contexts/recipient/src/application/commands/prune-expired-secrets/prune-expired-secrets.command.js';
import type { PruneRun } from '../../libs/contexts/recipient/src/application/commands/prune-expired-secrets/prune-expired-secrets.handler.js';
import { startTestApp, type TestApp } from './app-harness.js';
import {
  addAddress,
  bearer,
  codeSentTo,
  createAgent,
  myConsents,
  nthMessageTo,
  providerApproves,
  providerStatus,
  recipientIdOf,
  renewProviderToken,
  signInRecipient,
  withWrongCode,
  type ListedConsent,
} from './recipient-flow.js';
import { adminToken, onboardProvider } from './service-provider-flow.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const DEFAULT_RETENTION_DAYS = 1095;

type Provider = Awaited<ReturnType<typeof onboardProvider>>;
type Brand = Provider['brands'][number];

/** One registry with its own clock, providers and the recipient's HTTP steps. */
function registry(env: NodeJS.ProcessEnv = {}) {
  const clock = new FixedClock(new Date('2026-11-23T07:00:00.000Z')); // Monday 10:00 Istanbul
  const context = {
    clock,
    harness: undefined as unknown as TestApp,
    admin: '',
    providers: [] as Provider[],
    server: () => context.harness.app.getHttpServer(),
    approve: (provider: Provider, brand: Brand, recipient: string, type: 'ARAMA' | 'MESAJ' | 'EPOSTA' = 'MESAJ') =>
      providerApproves(context.harness.app, provider, brand.brandCode, recipient, type, clock.now()),
    status: (provider: Provider, brand: Brand, recipient: string, type: 'ARAMA' | 'MESAJ' | 'EPOSTA' = 'MESAJ') =>
      providerStatus(context.harness.app, provider, brand.brandCode, recipient, type),
    /** Fresh provider tokens once the clock has moved past their lifetime. */
    async renewProviderTokens() {
      for (const provider of context.providers) await renewProviderToken(context.harness.app, provider);
    },
    eraseDue: (): Promise<ErasureRun> => context.harness.app.get(CommandBus).execute(new ExecuteDueErasuresCommand()),
    requestErasure: (token: string) => request(context.server()).post('/recipients/me/erasure-request').set(bearer(token)),
    addresses: async (token: string) => (await request(context.server()).get('/recipients/me/addresses').set(bearer(token)).expect(200)).body.addresses,
    history: (token: string, consentId: string) => request(context.server()).get(`/recipients/me/consents/${consentId}/history`).set(bearer(token)),
  };
  beforeAll(async () => {
    context.harness = await startTestApp(env, { clock });
    context.admin = (await adminToken(context.harness.app)).access;
    context.providers = [await onboardProvider(context.harness.app, context.admin), await onboardProvider(context.harness.app, context.admin)];
  });
  afterAll(async () => {
    await context.harness?.close();
  });
  return context;
}

const summary = (consents: ListedConsent[]) => consents.map((c) => [c.recipient, c.brandCode, c.type, c.status, c.source]).sort();

describe('recipients beyond the web form: call centre, more addresses, bulk rejections, export, sign-out, erasure', () => {
  const r = registry();
  const [p1, p2] = [() => r.providers[0], () => r.providers[1]];

  it('lets a call-centre agent act for a caller who reads back a code; decisions are recorded as IYS_CM', async () => {
    const caller = '+905321330001';
    await r.approve(p1(), p1().brands[0], caller);
    await r.approve(p1(), p1().brands[1], caller);
    const agent = await createAgent(r.harness.app, r.admin);

    const proof = await codeSentTo(r.harness.app, caller, () =>
      request(r.server()).post('/call-centre/callers/codes').set(bearer(agent.access)).send({ recipient: caller }).expect(200),
    );
    expect((await request(r.server()).post('/call-centre/callers/sessions').set(bearer(agent.access)).send(withWrongCode(proof)).expect(422)).body.errors[0].code).toBe('H663');
    // A code read to an agent is not a web sign-in.
    expect((await request(r.server()).post('/recipients/auth/token').send(proof).expect(422)).body.errors[0].code).toBe('H663');
    const opened = await request(r.server()).post('/call-centre/callers/sessions').set(bearer(agent.access)).send(proof).expect(200);
    expect(opened.body).toEqual({ access_token: expect.any(String), token_type: 'bearer', expires_in: 900 });
    const session = opened.body.access_token as string;

    const consents = await myConsents(r.harness.app, session);
    expect(summary(consents)).toEqual(
      [
        [caller, p1().brands[0].brandCode, 'MESAJ', 'ONAY', 'HS_WEB'],
        [caller, p1().brands[1].brandCode, 'MESAJ', 'ONAY', 'HS_WEB'],
      ].sort(),
    );
    const target = consents.find((c) => c.brandCode === p1().brands[0].brandCode)!;
    await request(r.server()).put(`/recipients/me/consents/${target.consentId}/status`).set(bearer(session)).send({ status: 'RET', source: 'IYS_MOBIL' }).expect(200);
    const history = (await r.history(session, target.consentId).expect(200)).body.events;
    expect(history).toHaveLength(2);
    expect(history[1]).toMatchObject({ status: 'RET', source: 'IYS_CM', origin: 'IYS', actorKind: 'call-centre-agent', channel: 'call-centre' });
    expect((await r.status(p1(), p1().brands[0], caller).expect(200)).body).toMatchObject({ status: 'RET', source: 'IYS_CM' });

    // The caller's own account: the agent's session was opened on it.
    const own = await signInRecipient(r.harness.app, caller);
    expect((await myConsents(r.harness.app, own)).find((c) => c.consentId === target.consentId)?.status).toBe('RET');

    // Who may call what: agents only on the call-centre routes, recipients only on theirs.
    const callCentre = (token: string) => request(r.server()).post('/call-centre/callers/codes').set(bearer(token)).send({ recipient: caller });
    expect((await callCentre(p1().access).expect(403)).body.errors[0].code).toBe('H363');
    expect((await callCentre(own).expect(401)).body.errors[0].code).toBe('H351');
    expect((await callCentre(session).expect(401)).body.errors[0].code).toBe('H351');
    expect((await request(r.server()).get('/recipients/me/consents').set(bearer(agent.access)).expect(401)).body.errors[0].code).toBe('H351');

    // Disabling the agent ends the caller sessions it opened, at once.
    await request(r.server()).get('/recipients/me/consents').set(bearer(session)).expect(200);
    await request(r.server()).post(`/admin/users/${agent.userId}/disable`).set(bearer(r.admin)).expect(200);
    expect((await request(r.server()).get('/recipients/me/consents').set(bearer(session)).expect(401)).body.errors[0].code).toBe('H351');
  });

  it('adds an e-mail address by code and shows the consents of both; an account that proves the phone later takes it over', async () => {
    const phone = '+905321330002';
    const email = 'mehmet.oz@ornek.com.tr';
    await r.approve(p1(), p1().brands[0], phone, 'MESAJ');
    await r.approve(p2(), p2().brands[0], email, 'EPOSTA');

    const first = await signInRecipient(r.harness.app, phone);
    expect(summary(await myConsents(r.harness.app, first))).toEqual([[phone, p1().brands[0].brandCode, 'MESAJ', 'ONAY', 'HS_WEB']]);
    r.clock.advance(MINUTE); // addresses are listed in verification order
    const proof = await codeSentTo(r.harness.app, email, () =>
      request(r.server()).post('/recipients/me/addresses/codes').set(bearer(first)).send({ recipient: email }).expect(200),
    );
    const add = (body: object) => request(r.server()).post('/recipients/me/addresses').set(bearer(first)).send(body);
    expect((await add(withWrongCode(proof)).expect(422)).body.errors[0].code).toBe('H663');
    expect((await add(proof).expect(200)).body).toEqual({ addressKind: 'email' });

    expect((await r.addresses(first)).map((a: { recipient: string; kind: string }) => [a.recipient, a.kind])).toEqual([
      [phone, 'phone'],
      [email, 'email'],
    ]);
    expect(summary(await myConsents(r.harness.app, first))).toEqual(
      [
        [phone, p1().brands[0].brandCode, 'MESAJ', 'ONAY', 'HS_WEB'],
        [email, p2().brands[0].brandCode, 'EPOSTA', 'ONAY', 'HS_WEB'],
      ].sort(),
    );
    const phoneConsent = (await myConsents(r.harness.app, first)).find((c) => c.recipient === phone)!;

    // The number changed hands: whoever proves it last holds it.
    const other = await signInRecipient(r.harness.app, 'yeni.sahip@ornek.com.tr');
    await addAddress(r.harness.app, other, phone);
    expect(summary(await myConsents(r.harness.app, other))).toEqual([[phone, p1().brands[0].brandCode, 'MESAJ', 'ONAY', 'HS_WEB']]);
    expect(summary(await myConsents(r.harness.app, first))).toEqual([[email, p2().brands[0].brandCode, 'EPOSTA', 'ONAY', 'HS_WEB']]);
    expect((await r.addresses(first)).map((a: { recipient: string }) => a.recipient)).toEqual([email]);
    expect((await r.history(first, phoneConsent.consentId).expect(404)).body.errors[0].code).toBe('H665');
    await r.history(other, phoneConsent.consentId).expect(200);
  });

  it('rejects one channel across brands and providers, and one brand', async () => {
    const person = '+905321330003';
    const [a1, a2, b1] = [p1().brands[0], p1().brands[1], p2().brands[0]];
    for (const [provider, brand, type] of [[p1(), a1, 'MESAJ'], [p1(), a2, 'MESAJ'], [p2(), b1, 'MESAJ'], [p1(), a1, 'ARAMA'], [p2(), b1, 'ARAMA']] as const) {
      await r.approve(provider, brand, person, type);
    }
    const token = await signInRecipient(r.harness.app, person);
    const reject = (path: string, body: object = {}) => request(r.server()).post(`/recipients/me/${path}/rejection`).set(bearer(token)).send(body);

    const channel = await reject('channels/MESAJ').expect(200);
    expect(channel.body.matched).toBe(3);
    expect(channel.body.rejected).toHaveLength(3);
    expect(channel.body.rejected.every((d: { status: string; transactionId: string }) => d.status === 'RET' && d.transactionId)).toBe(true);
    expect(summary(await myConsents(r.harness.app, token))).toEqual(
      [
        [person, a1.brandCode, 'ARAMA', 'ONAY', 'HS_WEB'],
        [person, a1.brandCode, 'MESAJ', 'RET', 'IYS_WEB'],
        [person, a2.brandCode, 'MESAJ', 'RET', 'IYS_WEB'],
        [person, b1.brandCode, 'ARAMA', 'ONAY', 'HS_WEB'],
        [person, b1.brandCode, 'MESAJ', 'RET', 'IYS_WEB'],
      ].sort(),
    );
    expect((await r.status(p2(), b1, person, 'MESAJ').expect(200)).body).toMatchObject({ status: 'RET', source: 'IYS_WEB' });
    expect((await reject('channels/MESAJ').expect(200)).body).toEqual({ rejected: [], matched: 3 });

    for (const invalid of ['SMS', 'mesaj', 'ALL']) expect((await reject(`channels/${invalid}`).expect(422)).body.errors[0].code).toBe('H675');

    const brand = await reject(`brands/${a1.brandCode}`, { source: 'IYS_MOBIL' }).expect(200);
    expect(brand.body).toMatchObject({ matched: 2, rejected: [{ status: 'RET' }] });
    const after = await myConsents(r.harness.app, token);
    expect(after.find((c) => c.brandCode === a1.brandCode && c.type === 'ARAMA')).toMatchObject({ status: 'RET', source: 'IYS_MOBIL' });
    expect(after.find((c) => c.brandCode === b1.brandCode && c.type === 'ARAMA')).toMatchObject({ status: 'ONAY' });
    for (const invalid of ['0', '-1', 'abc', '01']) expect((await reject(`brands/${invalid}`).expect(422)).body.errors[0].code).toBe('H676');
    expect((await reject(`brands/${b1.brandCode}`, { source: 'HS_WEB' }).expect(422)).body.errors[0].code).toBe('H674');
  });

  it('exports the addresses, every consent with its full history, and the notices sent, as JSON or CSV', async () => {
    const person = '+905321330004';
    const brand = p1().brands[0];
    await r.approve(p1(), brand, person);
    r.clock.advance(2 * MINUTE); // the notice goes out after the default 60 s
    await nthMessageTo(r.harness.app, person, 'recipient.consent-notice.sms');
    const token = await signInRecipient(r.harness.app, person);
    const [consent] = await myConsents(r.harness.app, token);
    await request(r.server()).put(`/recipients/me/consents/${consent.consentId}/status`).set(bearer(token)).send({ status: 'RET' }).expect(200);

    const json = (await request(r.server()).get('/recipients/me/export').set(bearer(token)).expect(200)).body;
    expect(json).toEqual({
      exportedAt: formatIysDateTime(r.clock.now()),
      addresses: [{ recipient: person, kind: 'phone', verifiedAt: formatIysDateTime(r.clock.now()) }],
      consents: [
        {
          recipient: person,
          providerTitle: expect.any(String),
          brandCode: brand.brandCode,
          brandName: brand.name,
          type: 'MESAJ',
          recipientType: 'BIREYSEL',
          status: 'RET',
          history: [
            expect.objectContaining({ status: 'ONAY', source: 'HS_WEB', origin: 'HS', actorKind: 'service-provider', channel: 'api' }),
            expect.objectContaining({ status: 'RET', source: 'IYS_WEB', origin: 'IYS', actorKind: 'recipient', channel: 'web' }),
          ],
        },
      ],
      notices: [{ sentAt: expect.any(String), consentCount: 1 }],
      erasure: [],
    });

    const csv = await request(r.server()).get('/recipients/me/export?format=csv').set(bearer(token)).expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toContain('attachment');
    const records = csv.text.split('\r\n');
    expect(records.pop()).toBe(''); // every record, the last too, ends with CRLF
    expect(records).toHaveLength(1 + json.consents[0].history.length);
    expect(records[0]).toBe('recipient,providerTitle,brandCode,brandName,type,recipientType,status,source,origin,consentDate,creationDate,transactionId,actorKind,channel');
    // One record per event of the history, in its order.
    expect(records.slice(1).map((line) => line.split(',').filter((_, i) => [0, 2, 6, 7, 8, 11].includes(i)))).toEqual(
      json.consents[0].history.map((event: { status: string; source: string; origin: string; transactionId: string }) => [
        person,
        String(brand.brandCode),
        event.status,
        event.source,
        event.origin,
        event.transactionId,
      ]),
    );
    expect(records.every((line) => !line.includes('\n'))).toBe(true);

    expect((await request(r.server()).get('/recipients/me/export?format=xml').set(bearer(token)).expect(422)).body.errors[0].code).toBe('H677');
  });

  it("makes a provider's brand name that a spreadsheet would evaluate inert in the CSV export", async () => {
    const provider = p1();
    const name = '=HYPERLINK("http://ornek.example")';
    const added = await request(r.server()).post(`/admin/service-providers/${provider.iysCode}/brands`).set(bearer(r.admin)).send({ name }).expect(201);
    const person = '+905321330011';
    await r.approve(provider, { brandCode: added.body.brandCode, name, master: false }, person);
    const token = await signInRecipient(r.harness.app, person);
    const json = (await request(r.server()).get('/recipients/me/export').set(bearer(token)).expect(200)).body;
    expect(json.consents[0].brandName).toBe(name); // JSON is data, kept as it is
    const csv = (await request(r.server()).get('/recipients/me/export?format=csv').set(bearer(token)).expect(200)).text;
    expect(csv).toContain(`"'=HYPERLINK(""http://ornek.example"")"`);
    expect(csv).not.toMatch(/,"?=HYPERLINK/);
  });

  it('signs out: the token stops working at once', async () => {
    const token = await signInRecipient(r.harness.app, '+905321330005');
    await myConsents(r.harness.app, token);
    expect((await request(r.server()).post('/recipients/auth/revoke').set(bearer(token)).expect(200)).body).toEqual({ revoked: true });
    expect((await request(r.server()).get('/recipients/me/consents').set(bearer(token)).expect(401)).body.errors[0].code).toBe('H351');
    await request(r.server()).post('/recipients/auth/revoke').set(bearer(token)).expect(401);
  });

  it(`takes an erasure request once, and waits ${DEFAULT_RETENTION_DAYS} days after the last movement of a consent`, async () => {
    const person = '+905321330006';
    await r.approve(p1(), p1().brands[0], person);
    const token = await signInRecipient(r.harness.app, person);
    const requestedAt = r.clock.now();
    const accepted = await r.requestErasure(token).expect(202);
    expect(accepted.body).toEqual({
      requestedAt: formatIysDateTime(requestedAt),
      earliestExecution: formatIysDateTime(new Date(requestedAt.getTime() + DEFAULT_RETENTION_DAYS * DAY)),
      addressCount: 1,
    });
    expect((await r.requestErasure(token).expect(409)).body.errors[0].code).toBe('H672');
    expect(await r.eraseDue()).toEqual({ erased: 0, postponed: 0, withdrawn: 0 });

    // A consent moves a day after the request: its records are kept for the period counted from then.
    r.clock.advance(DAY);
    await r.renewProviderTokens();
    await r.approve(p1(), p1().brands[1], person);
    const movedAt = r.clock.now();
    r.clock.set(new Date(requestedAt.getTime() + DEFAULT_RETENTION_DAYS * DAY + MINUTE));
    expect(await r.eraseDue()).toEqual({ erased: 0, postponed: 1, withdrawn: 0 });
    const recipientId = (await recipientIdOf(r.harness.app, person))!;
    const { rows } = await r.harness.db.pool.query('SELECT not_before, executed_at FROM recipient.erasures WHERE recipient_id = $1', [recipientId]);
    expect(rows).toEqual([{ not_before: new Date(movedAt.getTime() + DEFAULT_RETENTION_DAYS * DAY), executed_at: null }]);
    expect(await r.harness.app.get(PiiVault).isShredded(recipientId)).toBe(false);
    expect(await myConsents(r.harness.app, await signInRecipient(r.harness.app, person))).toHaveLength(2);

    r.clock.advance(DAY);
    expect(await r.eraseDue()).toEqual({ erased: 1, postponed: 0, withdrawn: 0 });
    expect(await r.harness.app.get(PiiVault).isShredded(recipientId)).toBe(true);
  });
});

describe('erasure with no retention period', () => {
  const r = registry({ IYS_RECIPIENT_RETENTION_DAYS: '0' });

  it('crypto-shreds the address at the next run: the account, the provider, the vault and old links find nothing', async () => {
    const person = '+905321330007';
    const provider = r.providers[0];
    await r.approve(provider, provider.brands[0], person);
    await r.status(provider, provider.brands[0], person).expect(200);
    r.clock.advance(2 * MINUTE);
    const link = /\/recipients\/opt-out\/\S+/.exec((await nthMessageTo(r.harness.app, person, 'recipient.consent-notice.sms')).text)![0];
    const recipientId = (await recipientIdOf(r.harness.app, person))!;
    const token = await signInRecipient(r.harness.app, person);
    expect(await myConsents(r.harness.app, token)).toHaveLength(1);

    const accepted = await r.requestErasure(token).expect(202);
    expect(accepted.body.earliestExecution).toBe(accepted.body.requestedAt);
    expect(await r.eraseDue()).toEqual({ erased: 1, postponed: 0, withdrawn: 0 });

    expect(await r.harness.app.get(PiiVault).isShredded(recipientId)).toBe(true);
    expect(await recipientIdOf(r.harness.app, person)).toBeUndefined();
    expect(await myConsents(r.harness.app, token)).toEqual([]);
    expect(await r.addresses(token)).toEqual([]);
    expect((await r.status(provider, provider.brands[0], person).expect(404)).body.errors[0].code).toBe('H641');
    // The notice's link still verifies, but there is no consent left to reject, and nothing is written for the erased subject.
    expect((await request(r.server()).post(link).expect(404)).body.errors[0].code).toBe('H641');
    const { rows } = await r.harness.db.pool.query('SELECT count(*)::int AS n FROM event_store.events WHERE stream_id LIKE $1', [`consent-${recipientId}.%`]);
    expect(rows[0].n).toBe(1);
    const exported = (await request(r.server()).get('/recipients/me/export').set(bearer(token)).expect(200)).body;
    expect(exported).toMatchObject({ addresses: [], consents: [], erasure: [{ executedAt: formatIysDateTime(r.clock.now()) }] });
    // Done once: the next run has nothing left to do.
    expect(await r.eraseDue()).toEqual({ erased: 0, postponed: 0, withdrawn: 0 });
  });

  it('covers an address added after a request with a new request, and withdraws one for a number that changed hands', async () => {
    const [phone, email, newOwnersEmail] = ['+905321330009', 'ayse.kaya@ornek-alici.com.tr', 'mehmet.demir@ornek-alici.com.tr'];
    const provider = r.providers[0];
    await r.approve(provider, provider.brands[0], phone);
    const token = await signInRecipient(r.harness.app, phone);
    await r.requestErasure(token).expect(202);
    await addAddress(r.harness.app, token, email);
    // The phone's request does not cover the e-mail added since: a second request covers it alone.
    expect((await r.requestErasure(token).expect(202)).body.addressCount).toBe(1);
    expect((await r.requestErasure(token).expect(409)).body.errors[0].code).toBe('H672');

    // Before the run, the number is recycled: its new owner proves it on another account.
    const newOwner = await signInRecipient(r.harness.app, newOwnersEmail);
    await addAddress(r.harness.app, newOwner, phone);
    expect(await r.eraseDue()).toEqual({ erased: 1, postponed: 0, withdrawn: 1 });

    const phoneId = (await recipientIdOf(r.harness.app, phone))!;
    expect(await r.harness.app.get(PiiVault).isShredded(phoneId)).toBe(false);
    expect((await myConsents(r.harness.app, newOwner)).map((c) => c.recipient)).toEqual([phone]);
    expect(await recipientIdOf(r.harness.app, email)).toBeUndefined();
    const exported = (await request(r.server()).get('/recipients/me/export').set(bearer(token)).expect(200)).body;
    expect(exported.erasure.map((e: { outcome: string }) => e.outcome).sort()).toEqual(['erased', 'withdrawn']);
  });

  it('prunes spent codes and sessions after a day, and keeps what still works', async () => {
    const person = '+905321330010';
    const spent = await signInRecipient(r.harness.app, person);
    await request(r.server()).post('/recipients/auth/revoke').set(bearer(spent)).expect(200);
    const count = async (table: string) => (await r.harness.db.pool.query(`SELECT count(*)::int AS n FROM recipient.${table}`)).rows[0].n as number;
    const [codesBefore, sessionsBefore] = [await count('sign_in_codes'), await count('sessions')];

    r.clock.advance(2 * DAY);
    const fresh = await signInRecipient(r.harness.app, person);
    const run: PruneRun = await r.harness.app.get(CommandBus).execute(new PruneExpiredSecretsCommand());
    expect(run.codes).toBe(codesBefore);
    expect(run.sessions).toBe(sessionsBefore);
    expect(await count('sign_in_codes')).toBe(1);
    expect(await count('sessions')).toBe(1);
    await request(r.server()).get('/recipients/me/consents').set(bearer(fresh)).expect(200);
    expect((await r.harness.app.get(CommandBus).execute(new PruneExpiredSecretsCommand())) as PruneRun).toEqual({ codes: 0, sessions: 0, links: 0 });
  });
});
