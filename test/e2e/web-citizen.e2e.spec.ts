import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { formatIysDateTime } from '@iys/platform/building-blocks';
import { expectAccessible, projectionsCaughtUp, startWebTestApp, withPage, type WebTestApp } from '../support/browser.js';
import { signInCitizen } from './citizen-web-flow.js';
import { adminToken, onboardProvider } from './service-provider-flow.js';

type Provider = Awaited<ReturnType<typeof onboardProvider>>;

/** The citizen portal in a real browser (issue 16): consents from two providers, decisions the providers see. */
describe('citizen portal', () => {
  let web: WebTestApp;
  let first: Provider;
  let second: Provider;
  const server = () => web.app.getHttpServer();

  async function addConsent(provider: Provider, brandCode: number, recipient: string, type: string): Promise<void> {
    await request(server())
      .post(`/sps/${provider.iysCode}/brands/${brandCode}/consents`)
      .set('authorization', `Bearer ${provider.access}`)
      .send({ recipient, recipientType: 'BIREYSEL', type, status: 'ONAY', consentDate: formatIysDateTime(new Date(Date.now() - 60_000)), source: 'HS_WEB' })
      .expect(200);
  }

  /** C6: the provider's change feed of registry-side (IYS) changes. */
  async function changeFeed(provider: Provider, brandCode: number): Promise<{ type: string; status: string; source: string; recipient: string }[]> {
    const response = await request(server()).get(`/sps/${provider.iysCode}/brands/${brandCode}/consents/changes?source=IYS`).set('authorization', `Bearer ${provider.access}`).expect(200);
    return response.body.list;
  }

  beforeAll(async () => {
    web = await startWebTestApp();
    const admin = (await adminToken(web.app)).access;
    first = await onboardProvider(web.app, admin);
    second = await onboardProvider(web.app, admin);
  }, 120_000);
  afterAll(() => web.close());

  it('a citizen signs in with the code from the outbox, sees consents from two providers, rejects one brand, and that provider’s C6 shows it', async () => {
    const phone = '+905339990201';
    const firstBrand = first.brands[0].brandCode;
    const secondBrand = second.brands[0].brandCode;
    await addConsent(first, firstBrand, phone, 'MESAJ');
    await addConsent(first, firstBrand, phone, 'ARAMA');
    await addConsent(second, secondBrand, phone, 'MESAJ');
    await projectionsCaughtUp(web.app);

    await withPage(web.baseUrl, 'citizen-reject-brand', async ({ page }) => {
      await signInCitizen(page, web.app, phone);
      const cards = page.locator('li.card');
      await expect(cards.count()).resolves.toBe(3);
      await expect(page.locator(`li.card[data-brand="${firstBrand}"]`).count()).resolves.toBe(2);
      await expect(page.locator(`li.card[data-brand="${secondBrand}"]`).count()).resolves.toBe(1);
      await expect(page.locator(`li.card[data-brand="${firstBrand}"] h3`).first().textContent()).resolves.toContain(first.brands[0].name);
      await expectAccessible(page);

      // Reject the first provider's brand as a whole (the page asks first; the citizen agrees).
      page.once('dialog', (dialog) => void dialog.accept());
      await page.getByLabel('Marka', { exact: true }).last().selectOption(String(firstBrand));
      await Promise.all([page.waitForURL(/done=bulk/), page.getByRole('button', { name: 'Markanın tüm izinlerini reddet' }).click()]);
      await expect(page.getByRole('status').first().textContent()).resolves.toContain('2 izin reddedildi');
      await expect(page.locator(`li.card[data-brand="${firstBrand}"][data-status="RET"]`).count()).resolves.toBe(2);
      await expect(page.locator(`li.card[data-brand="${secondBrand}"][data-status="ONAY"]`).count()).resolves.toBe(1);
      await expectAccessible(page);
    });

    await projectionsCaughtUp(web.app);
    const changes = await changeFeed(first, firstBrand);
    expect(changes.filter((change) => change.recipient === phone).map((change) => `${change.type} ${change.status} ${change.source}`).sort()).toEqual(['ARAMA RET IYS_WEB', 'MESAJ RET IYS_WEB']);
    expect(await changeFeed(second, secondBrand)).toEqual([]);
  });
});
