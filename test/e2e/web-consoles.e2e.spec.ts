import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { formatIysDateTime } from '@iys/platform/building-blocks';
import request from 'supertest';
import { expectAccessible, startWebTestApp, withPage, type WebTestApp } from '../support/browser.js';
import { smsComplaint } from './complaint-flow.js';
import { bearer, signInRecipient } from './recipient-flow.js';
import { TEST_ADMIN } from './app-harness.js';
import { adminToken, applicationBody, onboardProvider } from './service-provider-flow.js';

/** `IYS_WRITE_SCREENSHOTS=1` writes the README's screenshots of both consoles while the flows run. */
const SCREENSHOTS = process.env.IYS_WRITE_SCREENSHOTS ? path.join(process.cwd(), 'docs', 'screenshots') : undefined;
async function screenshot(page: Page, name: string): Promise<void> {
  if (!SCREENSHOTS) return;
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

const hoursAgo = (hours: number) => formatIysDateTime(new Date(Date.now() - hours * 3600_000));
const DESKTOP = { viewport: { width: 1280, height: 900 } };
const INSPECTOR = { username: 'inspector-ankara', password: 'inspector-long-password' };
const phone = '+905351112233';

async function signIn(page: Page, face: '/authority' | '/admin', user: { username: string; password: string }): Promise<void> {
  await page.goto(face);
  expect(new URL(page.url()).pathname).toBe(`${face}/sign-in`);
  await expectAccessible(page);
  await page.getByLabel(/Kullanıcı adı/).fill(user.username);
  await page.getByLabel(/Parola/).fill(user.password);
  await Promise.all([page.waitForURL((url) => url.pathname === face), page.getByRole('button', { name: 'Giriş yap' }).click()]);
}

describe('web consoles in a real browser: the authority and the administrator', () => {
  let harness: WebTestApp;
  let admin: string;
  let provider: Awaited<ReturnType<typeof onboardProvider>>;

  beforeAll(async () => {
    harness = await startWebTestApp();
    const server = harness.app.getHttpServer();
    admin = (await adminToken(harness.app)).access;
    provider = await onboardProvider(harness.app, admin);
    const [brand1, brand2] = provider.brands.map((b) => b.brandCode);
    const consent = (brandCode: number, status: 'ONAY' | 'RET', consentDate: string) =>
      request(server)
        .post(`/sps/${provider.iysCode}/brands/${brandCode}/consents`)
        .set(bearer(provider.access))
        .send({ recipient: phone, recipientType: 'BIREYSEL', type: 'MESAJ', status, consentDate, source: 'HS_WEB' })
        .expect(200);
    await consent(brand1, 'ONAY', hoursAgo(3));
    await consent(brand1, 'RET', hoursAgo(2));
    await consent(brand2, 'ONAY', hoursAgo(1));
    // A complaint about an SMS from the provider's registered header, for the inspector's queue.
    await request(server).post(`/sps/${provider.iysCode}/brands/${brand1}/senders`).set(bearer(provider.access)).send({ channel: 'MESAJ', senderId: 'KONSOL' }).expect(201);
    const complainant = await signInRecipient(harness.app, '+905351112244');
    await request(server).post('/recipients/me/complaints').set(bearer(complainant)).send(smsComplaint('+905351112244', 'KONSOL', new Date(Date.now() - 1800_000))).expect(201);
    const created = await request(server).post('/admin/users').set(bearer(admin)).send({ ...INSPECTOR, role: 'authority' }).expect(201);
    await request(server).put(`/admin/complaint-scopes/${created.body.userId}`).set(bearer(admin)).send({ scope: 'MINISTRY' }).expect(200);
  }, 180_000);
  afterAll(() => harness.close());

  it('an inspector opens a number’s history and sees a broken chain flagged after a tampered row', async () => {
    await withPage(
      harness.baseUrl,
      'authority-number-history',
      async ({ page }) => {
        await signIn(page, '/authority', INSPECTOR);
        await expectAccessible(page);
        await page.getByRole('link', { name: 'Numara geçmişi' }).first().click();
        await expectAccessible(page);
        await page.getByLabel('Telefon numarası veya e-posta adresi').fill(phone);
        await page.getByRole('button', { name: 'Geçmişi göster' }).click();
        const rows = page.locator('tr.event');
        await rows.first().waitFor();
        expect(await rows.count()).toBe(3);
        expect(await rows.evaluateAll((r) => r.map((row) => row.getAttribute('data-chain')))).toEqual(['intact', 'intact', 'intact']);
        // The address went in the body: not in the address bar, not in the title.
        expect(page.url()).not.toContain(phone.slice(1));
        expect(await page.title()).not.toContain(phone.slice(3));
        await expectAccessible(page);

        // Someone alters the second event of the first consent directly in PostgreSQL.
        const { rows: streams } = await harness.db.pool.query<{ stream_id: string }>(
          `SELECT stream_id FROM event_store.events WHERE stream_id LIKE 'consent-%' AND data->>'brandCode' = $1 AND stream_position = 2`,
          [String(provider.brands[0].brandCode)],
        );
        await harness.db.adminQuery(
          `BEGIN; SET LOCAL session_replication_role = replica;
           UPDATE event_store.events SET data = jsonb_set(data, '{source}', '"HS_ISLAK_IMZA"') WHERE stream_id = '${streams[0].stream_id}' AND stream_position = 2;
           COMMIT;`,
        );
        await page.getByRole('button', { name: 'Geçmişi göster' }).click();
        const broken = page.locator('section.consent').first();
        await broken.getByText('ZİNCİR BOZUK: 2. olayda (hash-mismatch)').waitFor();
        expect(await broken.locator('tr.event').evaluateAll((r) => r.map((row) => row.getAttribute('data-chain')))).toEqual(['intact', 'broken']);
        expect(await page.locator('section.consent').nth(1).locator('tr.event').getAttribute('data-chain')).toBe('intact');
        await expectAccessible(page);
        await screenshot(page, 'authority-number-history');
        // Printed (or saved as PDF): the history without the menu and the forms.
        await page.emulateMedia({ media: 'print' });
        expect(await page.locator('header.site-header').isVisible()).toBe(false);
        expect(await page.locator('main form').first().isVisible()).toBe(false);
        expect(await broken.getByText('ZİNCİR BOZUK').isVisible()).toBe(true);
        await page.emulateMedia({ media: 'screen' });

        // A malformed address or moment is refused with the audit's own codes, beside the form.
        await page.getByLabel('Telefon numarası veya e-posta adresi').fill('+90123');
        await page.getByRole('button', { name: 'Geçmişi göster' }).click();
        await page.getByRole('alert').getByText(/^H121/).waitFor();
        await expectAccessible(page);
        await page.getByLabel('Telefon numarası veya e-posta adresi').fill(phone);
        await page.getByLabel(/Şu ana göre/).fill('2026-02-30 10:00:00');
        await page.getByRole('button', { name: 'Geçmişi göster' }).click();
        await page.getByRole('alert').getByText(/^H157/).waitFor();

        // As of a moment before anything was recorded: nothing.
        await page.getByLabel(/Şu ana göre/).fill('2020-01-01 00:00:00');
        await page.getByRole('button', { name: 'Geçmişi göster' }).click();
        await page.getByText('Bu adres için kayıtlı izin yok.').waitFor();

        // The complaint queue: open the complaint and decide it.
        await page.getByRole('link', { name: 'Şikâyetler' }).first().click();
        await page.getByRole('heading', { name: 'Şikâyet kuyruğu' }).waitFor();
        await expectAccessible(page);
        await page.getByRole('link', { name: /^Aç/ }).first().click();
        await page.getByText('İleti anındaki durum: NONE').waitFor();
        await page.getByText(/^Kural: NO_RECORD/).waitFor();
        await expectAccessible(page);
        await page.getByLabel('Sonuç').selectOption('UNJUSTIFIED');
        await page.getByLabel('Gerekçe').fill('Gönderim tarihinde geçerli bir onay kaydı bulundu.');
        await page.getByRole('button', { name: 'Karara bağla' }).click();
        await page.getByText('Karar: Haksız').waitFor();
        await expectAccessible(page);
        await page.getByRole('link', { name: 'İstatistikler' }).first().click();
        expect(await page.locator('svg[role="img"]').count()).toBeGreaterThanOrEqual(4);
        await expectAccessible(page);
        await screenshot(page, 'authority-statistics');
        await page.getByRole('link', { name: 'English' }).click();
        await page.getByRole('heading', { name: 'Complaint statistics' }).waitFor();
        await expectAccessible(page);
      },
      DESKTOP,
    );
  });

  it('refuses at the sign-in form a user whose role the console does not serve (H850), and opens no session', async () => {
    await withPage(
      harness.baseUrl,
      'console-sign-in-wrong-role',
      async ({ page }) => {
        const attempt = async (face: '/authority' | '/admin', user: { username: string; password: string }) => {
          await page.goto(`${face}/sign-in`);
          await page.getByLabel(/Kullanıcı adı/).fill(user.username);
          await page.getByLabel(/Parola/).fill(user.password);
          await page.getByRole('button', { name: 'Giriş yap' }).click();
          await page.getByRole('alert').getByText(/^H850: /).waitFor();
          expect(new URL(page.url()).pathname).toBe(`${face}/sign-in`);
          await expectAccessible(page);
          // Nothing was opened behind the form: the console still asks for a sign-in.
          await page.goto(face);
          expect(new URL(page.url()).pathname).toBe(`${face}/sign-in`);
        };
        await attempt('/authority', { username: provider.username, password: provider.password });
        await attempt('/admin', INSPECTOR);
      },
      DESKTOP,
    );
  });

  it('an administrator approves an application on the page, and its provider then gets a token over the API', async () => {
    const server = harness.app.getHttpServer();
    const application = applicationBody();
    const submitted = await request(server).post('/applications').send(application).expect(201);
    const applicationId: string = submitted.body.applicationId;

    const iysCode = await withPage(
      harness.baseUrl,
      'admin-approves-application',
      async ({ page }) => {
        page.on('dialog', (dialog) => void dialog.accept());
        await signIn(page, '/admin', TEST_ADMIN);
        await expectAccessible(page);
        await page.getByRole('link', { name: 'Başvurular' }).first().click();
        await expectAccessible(page);
        await screenshot(page, 'admin-applications');
        const card = page.locator(`section[data-application="${applicationId}"]`);
        await card.getByRole('button', { name: 'Onayla' }).click();
        const notice = page.getByRole('status');
        await notice.getByText(/İYS numarası \d+/).waitFor();
        const code = Number(/İYS numarası (\d+)/.exec((await notice.textContent()) ?? '')![1]);

        // Its API user, created on the users page.
        await page.getByRole('link', { name: 'Kullanıcılar' }).first().click();
        await expectAccessible(page);
        await page.getByLabel('Kullanıcı adı').fill(`ornek-${code}`);
        await page.getByLabel(/Parola/).fill('a-long-provider-password');
        await page.getByLabel('Rol').last().selectOption('provider');
        await page.getByLabel(/İYS numarası/).fill(String(code));
        await page.getByRole('button', { name: 'Oluştur' }).click();
        await page.getByText(`ornek-${code} oluşturuldu.`).waitFor();
        // Its activation date, moved on the providers page.
        await page.getByRole('link', { name: 'Etkinleşme tarihleri' }).first().click();
        await expectAccessible(page);
        await page.getByLabel(`${code} için yeni etkinleşme tarihi`).fill('2026-01-05 09:00:00');
        await page.getByRole('button', { name: `Kaydet ${code}` }).click();
        await page.getByRole('status').getByText('Kaydedildi.').waitFor();
        expect(await page.getByLabel(`${code} için yeni etkinleşme tarihi`).inputValue()).toBe('2026-01-05 09:00:00');

        // An exempt sender for the operator gate; a bad date is refused with the API's code.
        await page.getByRole('link', { name: 'Muaf göndericiler' }).first().click();
        await expectAccessible(page);
        await page.getByLabel('Kuruluş adı').fill('Yardım Derneği');
        await page.getByLabel('Sicil numarası').fill('1234567890');
        await page.getByLabel(/Gönderici \(/).fill('YARDIM');
        await page.getByLabel(/Başlangıç/).fill('yarın');
        await page.getByLabel('Hukuki dayanak').fill('Yönetmelik md. 6');
        await page.getByRole('button', { name: 'Muafiyeti kaydet' }).click();
        await page.getByRole('alert').getByText(/^H731/).waitFor();
        await page.getByLabel(/Başlangıç/).fill('2026-01-01T00:00:00+03:00');
        await page.getByLabel('Kuruluş adı').fill('Yardım Derneği');
        await page.getByLabel('Sicil numarası').fill('1234567890');
        await page.getByLabel(/Gönderici \(/).fill('YARDIM');
        await page.getByLabel('Hukuki dayanak').fill('Yönetmelik md. 6');
        await page.getByRole('button', { name: 'Muafiyeti kaydet' }).click();
        await page.getByRole('cell', { name: 'MESAJ: YARDIM' }).waitFor();

        await page.getByRole('link', { name: 'Gönderilemeyen iletiler' }).first().click();
        await expectAccessible(page);
        return code;
      },
      DESKTOP,
    );

    const token = await request(server).post('/oauth2/token').send({ grant_type: 'password', username: `ornek-${iysCode}`, password: 'a-long-provider-password' }).expect(200);
    const brands = await request(server).get(`/sps/${iysCode}/brands`).set(bearer(token.body.access_token)).expect(200);
    expect(brands.body.map((b: { name: string }) => b.name)).toEqual(application.brands.map((b) => b.name));
  });
});
