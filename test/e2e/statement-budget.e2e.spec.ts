import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { formatIysDateTime } from '@iys/platform/building-blocks';
import { statementsOnThePath } from '@iys/platform/testing';
import { startTestApp, type TestApp } from './app-harness.js';
import { adminToken, onboardProvider } from './service-provider-flow.js';

/**
 * The hot path's round trips to PostgreSQL, counted: a change that adds a statement to C1, C2 or C5
 * fails here, whatever the machine's speed (the counts are deterministic; timings live in bench/).
 * The budgets are today's counts; lower them when a change removes a round trip (the target for C1
 * is 4). BEGIN and COMMIT count: each is a round trip. The session check is remembered (ADR 0053),
 * so a steady client's request does not pay it: each test makes one request just before the one it
 * counts. Today's C1: the vault's look-up, which registers a first-seen address in the same statement
 * (docs/adr/0063), the stream read (skipped for a first-seen address), then the append's one statement (stream head,
 * event, NOTIFY, docs/adr/0059; the inline current-consent row as a CTE of it, in autocommit,
 * docs/adr/0063). The brand's activation date is remembered until a brand event changes it (ADR 0059).
 * C2 and C5 resolve the addresses in the current-consent read's own statement (ADR 0063).
 */
const BUDGET = {
  c1NewRecipient: 2,
  c1KnownRecipient: 3,
  c2: 1,
  c5: 1,
};

describe('statements per request on the hot path', () => {
  let harness: TestApp;
  let base: string;
  let auth: { authorization: string };
  let phone = 0;
  const nextPhone = () => `+90533${String(2000000 + ++phone).padStart(7, '0')}`;
  const server = () => harness.app.getHttpServer();

  /** On failure the statements beyond the budget are printed, so the new round trip is named. */
  function expectWithin(statements: string[], budget: number): void {
    expect(statements.length).toBeGreaterThan(0);
    expect({ beyondBudget: statements.slice(budget) }).toEqual({ beyondBudget: [] });
  }

  const consentBody = (recipient: string, type = 'MESAJ') => ({
    recipient,
    recipientType: 'BIREYSEL',
    type,
    status: 'ONAY',
    source: 'HS_WEB',
    consentDate: formatIysDateTime(new Date(Date.now() - 3600_000)),
  });

  beforeAll(async () => {
    harness = await startTestApp({ IYS_RUN_WORKER_IN_API: 'false', IYS_SESSION_CACHE_MS: '5000' });
    const admin = (await adminToken(harness.app)).access;
    const provider = await onboardProvider(harness.app, admin);
    base = `/sps/${provider.iysCode}/brands/${provider.brands[0].brandCode}`;
    auth = { authorization: `Bearer ${provider.access}` };
    // Warm every cache a steady server has warm (keys, brand activation, prepared paths).
    await request(server()).post(`${base}/consents`).set(auth).send(consentBody(nextPhone())).expect(200);
  });
  afterAll(() => harness?.close());

  it(`C1 for a new recipient takes at most ${BUDGET.c1NewRecipient} statements`, async () => {
    await request(server()).post(`${base}/consents`).set(auth).send(consentBody(nextPhone())).expect(200);
    const statements = await statementsOnThePath(() => request(server()).post(`${base}/consents`).set(auth).send(consentBody(nextPhone())).expect(200));
    expectWithin(statements, BUDGET.c1NewRecipient);
  });

  it(`C1 for a known recipient takes at most ${BUDGET.c1KnownRecipient} statements`, async () => {
    const recipient = nextPhone();
    await request(server()).post(`${base}/consents`).set(auth).send(consentBody(recipient, 'ARAMA')).expect(200);
    const statements = await statementsOnThePath(() => request(server()).post(`${base}/consents`).set(auth).send(consentBody(recipient)).expect(200));
    expectWithin(statements, BUDGET.c1KnownRecipient);
  });

  it(`C2 takes at most ${BUDGET.c2} statements`, async () => {
    const recipient = nextPhone();
    await request(server()).post(`${base}/consents`).set(auth).send(consentBody(recipient)).expect(200);
    const statements = await statementsOnThePath(() =>
      request(server()).post(`${base}/consents/status`).set(auth).send({ recipient, recipientType: 'BIREYSEL', type: 'MESAJ' }).expect(200),
    );
    expectWithin(statements, BUDGET.c2);
  });

  it(`C5 for 100 recipients takes at most ${BUDGET.c5} statements`, async () => {
    const recipients = Array.from({ length: 100 }, nextPhone);
    for (const recipient of recipients.slice(0, 3)) await request(server()).post(`${base}/consents`).set(auth).send(consentBody(recipient)).expect(200);
    const statements = await statementsOnThePath(() =>
      request(server()).post(`${base}/consents/BIREYSEL/status/MESAJ`).set(auth).send({ recipients }).expect(200),
    );
    expectWithin(statements, BUDGET.c5);
  });
});
