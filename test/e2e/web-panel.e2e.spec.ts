import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import type { Page } from 'playwright-core';
import { addCalendarDays, FixedClock, istanbulDay } from '@iys/platform/building-blocks';
import { ProjectionRunner } from '@iys/platform/event-store';
import { ProjectionRegistry } from '@iys/platform/nest';
import { expectAccessible, startWebTestApp, withPage, type WebTestApp } from '../support/browser.js';
import { totpCode, totpStep } from '@iys/identity-access';
import { hoursAgo, uploadSheet } from './consent-upload-flow.js';
import { adminToken, onboardProvider } from './service-provider-flow.js';

/** The provider panel in a real browser (docs/adr/0055): the bulk upload and a day's agreement. */
describe('provider panel', () => {
  const clock = new FixedClock(new Date());
  let web: WebTestApp;
  let provider: Awaited<ReturnType<typeof onboardProvider>>;
  let brandCode: number;

  async function signIn(page: Page): Promise<void> {
    await page.goto('/panel');
    await page.waitForURL(`${web.baseUrl}/panel/sign-in`);
    await expectAccessible(page);
    await page.getByLabel('Kullanıcı adı').fill(provider.username);
    await page.getByLabel('Şifre').fill(provider.password);
    await page.getByRole('button', { name: 'Giriş yap' }).click();
    await page.waitForURL(`${web.baseUrl}/panel/${provider.iysCode}`);
  }

  beforeAll(async () => {
    web = await startWebTestApp({}, { clock });
    provider = await onboardProvider(web.app, (await adminToken(web.app)).access);
    brandCode = provider.brands[0].brandCode;
  });
  afterAll(() => web.close());

  it('uploads a 1 000-row .xlsx with 7 bad rows, submits without fixing, watches progress, downloads a result with exactly those 7 failed', async () => {
    const { content, bad } = await uploadSheet(1000, '534');
    await withPage(
      web.baseUrl,
      'panel-upload',
      async ({ page }) => {
        await signIn(page);
        await expectAccessible(page);
        await page.getByRole('link', { name: provider.brands[0].name, exact: true }).click();
        await expectAccessible(page);
        await page.getByRole('link', { name: 'Toplu yükleme' }).click();
        await expectAccessible(page);
        await page.getByLabel('Dosya (.xlsx veya .csv)').setInputFiles({ name: 'izinler.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: content });
        await page.getByRole('button', { name: 'Önizle' }).click();
        await page.locator('#upload-summary').waitFor();
        expect(await page.locator('#upload-summary').textContent()).toBe('1000 satır; 7 satır İYS tarafından reddedilecek.');
        const previewed = await page.locator('#upload-problems tbody tr').evaluateAll((rows) => rows.map((row) => [Number(row.children[0]!.textContent), row.children[1]!.textContent]));
        expect(previewed).toEqual([...bad]);
        await expectAccessible(page);

        page.once('dialog', (dialog) => void dialog.accept());
        await page.getByRole('button', { name: 'Geçerli satırları gönder' }).click();
        await page.locator('#upload-progress progress').waitFor();
        // web.js polls the progress and reloads the page once every row is decided.
        await page.locator('#upload-result').waitFor({ timeout: 30_000 });
        expect(await page.locator('#upload-progress [data-poll-label]').textContent()).toBe('Tamamlandı: 993 başarılı, 7 başarısız.');
        expect(await page.locator('#upload-bar').getAttribute('value')).toBe('100');
        await expectAccessible(page);

        const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#upload-result').click()]);
        const lines = (await textOf(await download.createReadStream())).replace(/^\uFEFF/, '').trim().split('\r\n');
        expect(lines[0]).toBe('row,status,code,message,transactionId,creationDate');
        expect(lines).toHaveLength(1001);
        const failed = lines.slice(1).map((line) => line.split(',')).filter((cells) => cells[1] !== 'success').map((cells) => [Number(cells[0]), cells[2]]);
        expect(failed).toEqual([...bad]);
      },
      { viewport: { width: 1280, height: 900 } },
    );
  }, 90_000);

  it('every other page of the panel passes axe (Turkish and English), looks up and adds a consent, sets up a second factor', async () => {
    const server = web.app.getHttpServer();
    const admin = (await adminToken(web.app)).access;
    const integratorCode = (await request(server).post('/admin/integrators').set('authorization', `Bearer ${admin}`).send({ title: 'Panel Entegrasyon A.Ş.' }).expect(201)).body.integratorCode;
    await request(server).put(`/sps/${provider.iysCode}/integrators/${integratorCode}`).set('authorization', `Bearer ${provider.access}`).send({ types: ['MESAJ'], agreementControl: true }).expect(200);
    await withPage(
      web.baseUrl,
      'panel-pages',
      async ({ page }) => {
        await signIn(page);
        const brand = `/panel/${provider.iysCode}/brands/${brandCode}`;
        for (const path of [`${brand}/consents`, `${brand}/changes?type=MESAJ`, `${brand}/dealers`, `${brand}/gate`, `/panel/${provider.iysCode}/complaints`, `/panel/${provider.iysCode}/integrators`, '/panel/security']) {
          await page.goto(path);
          await expectAccessible(page);
        }
        await page.goto(`/panel/${provider.iysCode}/integrators`);
        await expect(page.locator('tbody tr td').nth(1).textContent()).resolves.toBe('Panel Entegrasyon A.Ş.');
        await page.goto(`${brand}/consents`);
        await page.locator('#a-recipient').fill('+905350000001');
        await page.locator('#a-source').selectOption('HS_WEB');
        await page.locator('#a-consentDate').fill(hoursAgo(1));
        await page.getByRole('button', { name: 'Ekle' }).click();
        await expect(page.locator('p[role="status"]').textContent()).resolves.toMatch(/^İzin eklendi\./);
        await page.locator('#s-recipient').fill('+905350000001');
        await page.getByRole('button', { name: 'Sorgula' }).click();
        await expect(page.locator('p[role="status"]').textContent()).resolves.toMatch(/^İzin durumu: ONAY/);
        await expectAccessible(page);

        await page.goto('/panel/security');
        await page.getByRole('button', { name: 'İki adımlı doğrulamayı kur' }).click();
        const secret = (await page.locator('#totp-secret').textContent())!;
        await expectAccessible(page);
        await page.getByLabel('Doğrulama kodu (varsa)').fill(totpCode(secret, totpStep(clock.now())));
        await page.getByRole('button', { name: 'Onayla' }).click();
        await expect(page.locator('p[role="status"]').textContent()).resolves.toBe('İki adımlı doğrulama açık.');
        await page.getByRole('link', { name: 'English' }).click();
        await expect(page.locator('h1').textContent()).resolves.toBe('Security');
        await expectAccessible(page);
        await page.getByRole('button', { name: 'Turn two-step verification off' }).click();
        await expect(page.locator('p[role="status"]').textContent()).resolves.toBe('Two-step verification is off.');
      },
      { viewport: { width: 1280, height: 900 } },
    );
  }, 60_000);

  it('records a day’s agreement (M3) from the reconciliation page', async () => {
    const day = istanbulDay(clock.now());
    // Two days on: the upload's day is finished and within the 7-day window.
    clock.set(new Date(clock.now().getTime() + 2 * 86_400_000));
    const runner = web.app.get(ProjectionRunner);
    for (const projection of web.app.get(ProjectionRegistry).all().filter((p) => !p.inline)) await runner.waitUntilCaughtUp(projection, { timeoutMs: 20_000 });
    await withPage(
      web.baseUrl,
      'panel-agreement',
      async ({ page }) => {
        await signIn(page);
        await page.goto(`/panel/${provider.iysCode}/brands/${brandCode}/reconciliation`);
        await expectAccessible(page);
        const row = page.locator('#reconciliation-days tbody tr', { has: page.locator(`th:text-is("${day}")`) });
        // The upload's 993 consents and the one added by hand.
        expect(await row.locator('td').nth(0).textContent()).toBe('994 / 0');
        expect(await row.locator('td').nth(2).textContent()).toBe('Bekliyor');
        expect(await page.locator('svg[role="img"]').count()).toBe(1);
        page.once('dialog', (dialog) => void dialog.accept());
        await page.locator(`#agree-${day}`).click();
        await page.waitForURL(`${web.baseUrl}/panel/${provider.iysCode}/brands/${brandCode}/reconciliation`);
        expect(await row.locator('td').nth(2).textContent()).toBe('Mutabık');
        expect(await page.locator(`#agree-${day}`).count()).toBe(0);
        await expectAccessible(page);
      },
      { viewport: { width: 1280, height: 900 } },
    );
    const token = (await request(web.app.getHttpServer()).post('/oauth2/token').send({ grant_type: 'password', username: provider.username, password: provider.password }).expect(200)).body.access_token;
    const m2 = await request(web.app.getHttpServer()).get(`/sps/${provider.iysCode}/brands/${brandCode}/agreements/${day}`).set('authorization', `Bearer ${token}`).expect(200);
    expect(m2.body.agreementStatus).toBe(true);
    expect(addCalendarDays(day, 2)).toBe(istanbulDay(clock.now()));
  }, 60_000);
});

async function textOf(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
