import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { formatIysDateTime } from '@iys/platform/building-blocks';
import { expectAccessible, projectionsCaughtUp, startWebTestApp, withPage, type WebTestApp } from '../support/browser.js';
import { signInCitizen } from './citizen-web-flow.js';
import { nthMessageTo } from './recipient-flow.js';
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
    web = await startWebTestApp({ IYS_RECIPIENT_NOTICE_DELAY_SECONDS: '0' });
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
  }, 120_000); // a real browser on a shared 2-core machine

  it('every portal page passes axe, works by keyboard, and does what it says: history, addresses, export, complaint with a screenshot, withdrawal, opt-out link', async () => {
    const phone = '+905339990202';
    const email = 'vatandas.202@example.com.tr';
    const brand = first.brands[1];
    await addConsent(first, brand.brandCode, phone, 'MESAJ');
    await projectionsCaughtUp(web.app);
    const notice = await nthMessageTo(web.app, phone, 'recipient.consent-notice.sms');
    const optOutPath = /\/recipients\/opt-out\/\S+/.exec(notice.text)![0];

    await withPage(web.baseUrl, 'citizen-every-page', async ({ page }) => {
      // The opt-out link from the notice: a confirmation page first, the button rejects.
      await page.goto(optOutPath);
      await expectAccessible(page);
      await page.getByRole('button', { name: 'İzni reddet' }).click();
      await expect(page.getByRole('status').textContent()).resolves.toContain('İzniniz reddedildi');
      await expectAccessible(page);

      await signInCitizen(page, web.app, phone);
      await expect(page.locator(`li.card[data-brand="${brand.brandCode}"][data-status="RET"]`).count()).resolves.toBe(1);
      // Approve it again, one consent at a time; then its history shows both decisions.
      await page.getByRole('button', { name: new RegExp(`${brand.name} · Mesaj \\(SMS\\) iznini onayla`) }).click();
      await expect(page.getByRole('status').first().textContent()).resolves.toContain('İzin güncellendi');
      await page.getByRole('link', { name: new RegExp(`${brand.name} · Mesaj \\(SMS\\) izninin geçmişi`) }).click();
      await expect(page.locator('tbody tr').count()).resolves.toBe(3);
      await expectAccessible(page);

      // Filters: the channel ARAMA holds none of this person's consents.
      await page.goto('/?type=ARAMA');
      await expect(page.locator('li.card').count()).resolves.toBe(0);
      await expectAccessible(page);

      // Another address: a code to the e-mail, read from the outbox.
      await page.getByRole('link', { name: 'Adreslerim' }).click();
      await expectAccessible(page);
      await page.getByLabel('Cep telefonu veya e-posta adresi').fill(email);
      await page.getByRole('button', { name: 'Kod gönder' }).click();
      await page.getByLabel('6 haneli kod').waitFor();
      await expectAccessible(page);
      const { codeIn } = await import('./recipient-flow.js');
      await page.getByLabel('6 haneli kod').fill(codeIn(await nthMessageTo(web.app, email, 'recipient.code.email')));
      await page.getByRole('button', { name: 'Adresi ekle' }).click();
      await expect(page.getByRole('status').textContent()).resolves.toContain('Adres hesabınıza eklendi');
      await expect(page.locator('li.card h2').allTextContents()).resolves.toEqual(expect.arrayContaining([phone, email]));

      // My data: both exports download.
      await page.getByRole('link', { name: 'Verilerim' }).click();
      await expectAccessible(page);
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'CSV olarak indir' }).click()]);
      expect(download.suggestedFilename()).toBe('iys-verilerim.csv');
      const [json] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'JSON olarak indir' }).click()]);
      expect(json.suggestedFilename()).toBe('iys-verilerim.json');
      expect(JSON.parse(await text(await json.createReadStream()))).toBeInstanceOf(Object);

      // A complaint: check first, then file with a screenshot, follow it, withdraw it.
      await page.getByRole('link', { name: 'Şikâyetlerim' }).click();
      await expectAccessible(page);
      await page.getByRole('link', { name: 'Yeni şikâyet' }).click();
      await expectAccessible(page);
      await page.getByLabel('Mesaj (SMS)').check();
      await page.getByRole('button', { name: 'İzinleri göster' }).click();
      await expect(page.locator('li.card').count()).resolves.toBe(1);
      await expectAccessible(page);
      await page.getByLabel('İletinin geldiği adresiniz').fill(phone);
      await page.getByLabel(/^Gönderen \(SMS/).fill('ORNEKFIRMA');
      await page.getByLabel('İletinin geldiği tarih ve saat').fill(istanbulMinuteAgo());
      await page.getByLabel('İletinin metni veya aramanın özeti').fill('Kampanya! Hemen alın.');
      await page.getByLabel(/İkamet ettiğiniz il/).fill('34');
      await page.getByLabel('İznim olmadan gönderildi').check();
      await page.getByLabel(/Ekran görüntüsü/).setInputFiles({ name: 'ekran.png', mimeType: 'image/png', buffer: ONE_PIXEL_PNG });
      await page.getByRole('button', { name: 'Şikâyet et' }).click();
      await expect(page.getByRole('status').textContent()).resolves.toContain('Şikâyetiniz alındı');
      await expect(page.locator('dd ul li').count()).resolves.toBe(1); // the screenshot
      await expectAccessible(page);
      page.once('dialog', (dialog) => void dialog.accept());
      await page.getByRole('button', { name: 'Şikâyeti geri çek' }).click();
      await expect(page.getByRole('status').textContent()).resolves.toContain('Şikâyetiniz geri çekildi');

      // An unknown page is a page too, in the layout, with its code.
      await page.goto('/consents/not-a-consent/history');
      await expect(page.getByRole('alert').textContent()).resolves.toContain('H801');
      await expectAccessible(page);

      // The erasure request (asked first), recorded with its earliest date.
      await page.goto('/my-data');
      page.once('dialog', (dialog) => void dialog.accept());
      await page.getByRole('button', { name: 'Verilerimin silinmesini iste' }).click();
      await expect(page.getByRole('status').textContent()).resolves.toContain('Talebiniz alındı');
      await expectAccessible(page);

      // English, throughout.
      await page.goto('/');
      await page.getByRole('link', { name: 'English' }).click();
      await expect(page.locator('h1').textContent()).resolves.toBe('My consents');
      await expectAccessible(page);
    });
  }, 180_000); // some twenty pages, each checked by axe, on a shared 2-core machine
});

/** `YYYY-MM-DDTHH:mm` a minute ago in Europe/Istanbul (a datetime-local input's value). */
function istanbulMinuteAgo(): string {
  const parts = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Istanbul', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(Date.now() - 120_000));
  return parts.replace(' ', 'T');
}

const ONE_PIXEL_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

async function text(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}
