import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { FixedClock } from '@iys/platform/building-blocks';
import { ProjectionRunner } from '@iys/platform/event-store';
import { waitUntil } from '@iys/platform/testing';
import { ConsentNoticeSender, NOTICE_MAX_AGE_DAYS } from '../../libs/contexts/recipient/src/application/notices/consent-notice.sender.js';
import { consentNoticesProjection } from '../../libs/contexts/recipient/src/application/projections/consent-notices.projection.js';
import { expectStatus, iysClient } from '../support/iys-client.js';
import { startTestApp, type TestApp } from './app-harness.js';
import {
  bearer,
  myConsents,
  noticesEnqueuedFor,
  nthMessageTo,
  pendingNoticesOf,
  providerApproves,
  recordedTo,
  renewProviderToken,
  signInRecipient,
} from './recipient-flow.js';
import { adminToken, onboardProvider } from './service-provider-flow.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const LINK = /\/recipients\/opt-out\/[0-9a-f-]{36}\.[A-Za-z0-9_-]{22}/g;

describe('consent notices: once per registration whatever reruns, only fresh ones, only the providers’', () => {
  // Monday 2026-11-23 10:00 Istanbul; notices gather for 60 s, at most one per address per day.
  const clock = new FixedClock(new Date('2026-11-23T07:00:00.000Z'));
  let harness: TestApp;
  let provider: Awaited<ReturnType<typeof onboardProvider>>;
  let brandA: { brandCode: number; name: string };
  let brandB: { brandCode: number; name: string };
  const sender = () => harness.app.get(ConsentNoticeSender);
  const approve = (brand: { brandCode: number }, recipient: string, type: 'MESAJ' | 'EPOSTA' = 'MESAJ') =>
    providerApproves(harness.app, provider, brand.brandCode, recipient, type, clock.now());
  const pendingCount = (address: string, count: number) =>
    waitUntil(() => pendingNoticesOf(harness.app, address), (rows) => rows.length === count, { description: `${count} pending notices` });

  /** What a crash-and-restart or an operator's rebuild does: the projection from zero, replayed to the head. */
  async function rebuildNotices(): Promise<void> {
    const runner = harness.app.get(ProjectionRunner);
    await runner.rebuild(consentNoticesProjection);
    await runner.waitUntilCaughtUp(consentNoticesProjection, { drive: true });
  }

  beforeAll(async () => {
    harness = await startTestApp({ IYS_RECIPIENT_NOTICE_DELAY_SECONDS: '60' }, { clock });
    provider = await onboardProvider(harness.app, (await adminToken(harness.app)).access);
    [brandA, brandB] = provider.brands;
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('never tells of a registration twice: not on a second drain, not after the projection is rebuilt from zero', async () => {
    const person = '+905321220001';
    await approve(brandA, person);
    await pendingCount(person, 1);
    // Not due before the gathering delay has passed (the sender's look-up by registration time).
    clock.advance(MINUTE / 2);
    expect(await sender().drain()).toBe(0);
    expect(await pendingNoticesOf(harness.app, person)).toHaveLength(1);
    expect(await noticesEnqueuedFor(harness.app, person)).toBe(0);
    clock.advance(2 * MINUTE);
    await nthMessageTo(harness.app, person, 'recipient.consent-notice.sms');
    await pendingCount(person, 0);

    // Later the same day: this one waits for tomorrow's notice (one per day).
    await approve(brandB, person);
    await pendingCount(person, 1);
    clock.advance(2 * MINUTE);
    expect(await sender().drain()).toBe(0);
    expect(await sender().drain()).toBe(0);

    await rebuildNotices();
    // The log was replayed (the waiting registration is back), but the one already told about is not pending again.
    expect((await pendingNoticesOf(harness.app, person)).map((row) => row.brand_code)).toEqual([brandB.brandCode]);
    expect(await sender().drain()).toBe(0);
    expect(await noticesEnqueuedFor(harness.app, person)).toBe(1);

    clock.advance(DAY);
    const tomorrow = await nthMessageTo(harness.app, person, 'recipient.consent-notice.sms', 2);
    expect(tomorrow.text.match(LINK)).toHaveLength(1);
    expect(tomorrow.text).toContain(brandB.name);

    await rebuildNotices();
    expect(await pendingNoticesOf(harness.app, person)).toEqual([]);
    clock.advance(DAY);
    expect(await sender().drain()).toBe(0);
    expect(await noticesEnqueuedFor(harness.app, person)).toBe(2);
    expect(await recordedTo(harness.app, person, 'recipient.consent-notice.sms')).toHaveLength(2);
  });

  it('tells of an e-mail consent by e-mail', async () => {
    await renewProviderToken(harness.app, provider); // days have passed
    const email = 'elif.demir@ornek.com.tr';
    await approve(brandA, email, 'EPOSTA');
    await pendingCount(email, 1);
    clock.advance(2 * MINUTE);
    const notice = await nthMessageTo(harness.app, email, 'recipient.consent-notice.email');
    expect(notice.channel).toBe('email');
    expect(notice.subject).toEqual(expect.any(String));
    expect(notice.text).toContain(brandA.name);
    expect(notice.text).toContain('e-posta');
    expect(notice.text.match(LINK)).toHaveLength(1);
    expect(await recordedTo(harness.app, email, 'recipient.consent-notice.sms')).toEqual([]);
  });

  it('does not tell recipients of their own approvals (origin IYS)', async () => {
    const person = '+905321220003';
    await approve(brandA, person);
    clock.advance(2 * MINUTE);
    await nthMessageTo(harness.app, person, 'recipient.consent-notice.sms');

    const token = await signInRecipient(harness.app, person);
    const [consent] = await myConsents(harness.app, token);
    const recipient = await iysClient(harness.app, token);
    const decide = async (status: 'ONAY' | 'RET') =>
      expectStatus(await recipient.PUT('/recipients/me/consents/{consentId}/status', { params: { path: { consentId: consent.consentId } }, body: { status } }), 200);
    await decide('RET');
    clock.advance(MINUTE);
    await decide('ONAY');
    await harness.app.get(ProjectionRunner).waitUntilCaughtUp(consentNoticesProjection);
    expect(await pendingNoticesOf(harness.app, person)).toEqual([]);
    expect((await myConsents(harness.app, token))[0]).toMatchObject({ status: 'ONAY', source: 'IYS_WEB' });

    clock.advance(DAY);
    expect(await sender().drain()).toBe(0);
    expect(await noticesEnqueuedFor(harness.app, person)).toBe(1);
  });

  it(`drops registrations older than ${NOTICE_MAX_AGE_DAYS} days without a message, and tells of later ones as usual`, async () => {
    await renewProviderToken(harness.app, provider);
    const person = '+905321220004';
    await approve(brandA, person);
    const [stale] = await pendingCount(person, 1);
    clock.advance(NOTICE_MAX_AGE_DAYS * DAY + MINUTE); // e.g. the sender was down for a week

    expect(await sender().drain()).toBe(0);
    await pendingCount(person, 0);
    expect(await noticesEnqueuedFor(harness.app, person)).toBe(0);
    const { rows } = await harness.db.pool.query('SELECT 1 FROM recipient.noticed_events WHERE event_id = $1', [stale.event_id]);
    expect(rows).toHaveLength(1); // settled: a rebuild will not bring it back
    await rebuildNotices();
    expect(await pendingNoticesOf(harness.app, person)).toEqual([]);

    await renewProviderToken(harness.app, provider);
    await approve(brandB, person);
    await pendingCount(person, 1);
    clock.advance(2 * MINUTE);
    const notice = await nthMessageTo(harness.app, person, 'recipient.consent-notice.sms');
    expect(notice.text.match(LINK)).toHaveLength(1);
    expect(notice.text).toContain(brandB.name);
    expect(await recordedTo(harness.app, person)).toHaveLength(1);
  });
});
