import { afterAll, beforeAll, describe, it } from '@jest/globals';
import path from 'node:path';
import request from 'supertest';
import { formatIysDateTime } from '@iys/platform/building-blocks';
import { projectionsCaughtUp, startWebTestApp, withPage, type WebTestApp } from '../support/browser.js';
import { signInCitizen } from '../e2e/citizen-web-flow.js';
import { adminToken, onboardProvider } from '../e2e/service-provider-flow.js';
import { uploadSheet } from '../e2e/consent-upload-flow.js';

/**
 * `npm run docs:screenshots`: the README's pictures of each face, taken by the browser harness on
 * a freshly seeded app. Each face adds its own `it` writing docs/screenshots/<face>.png.
 */
const OUT = path.join(process.cwd(), 'docs', 'screenshots');
const DESKTOP = { width: 1100, height: 860 };

describe('README screenshots', () => {
  let web: WebTestApp;

  beforeAll(async () => {
    web = await startWebTestApp();
  }, 120_000);
  afterAll(() => web.close());

  it('citizen portal (/)', async () => {
    const admin = (await adminToken(web.app)).access;
    const phone = '+905321234567';
    for (const [index, types] of [['MESAJ', 'EPOSTA'], ['ARAMA']].entries()) {
      const provider = await onboardProvider(web.app, admin);
      for (const type of types) {
        await request(web.app.getHttpServer())
          .post(`/sps/${provider.iysCode}/brands/${provider.brands[index % 2].brandCode}/consents`)
          .set('authorization', `Bearer ${provider.access}`)
          .send({ recipient: type === 'EPOSTA' ? 'ayse@example.com.tr' : phone, recipientType: 'BIREYSEL', type, status: 'ONAY', consentDate: formatIysDateTime(new Date(Date.now() - 86_400_000)), source: 'HS_WEB' })
          .expect(200);
      }
    }
    await projectionsCaughtUp(web.app);
    await withPage(
      web.baseUrl,
      'docs-citizen',
      async ({ page }) => {
        await signInCitizen(page, web.app, phone);
        await page.screenshot({ path: path.join(OUT, 'citizen-portal.png'), fullPage: false });
      },
      { viewport: DESKTOP },
    );
  });

  it('provider panel (/panel)', async () => {
    const provider = await onboardProvider(web.app, (await adminToken(web.app)).access);
    const { content } = await uploadSheet(1000, '536');
    await withPage(
      web.baseUrl,
      'docs-panel',
      async ({ page }) => {
        await page.goto('/panel/sign-in');
        await page.getByLabel('Kullanıcı adı').fill(provider.username);
        await page.getByLabel('Şifre').fill(provider.password);
        await page.getByRole('button', { name: 'Giriş yap' }).click();
        await page.waitForURL(`${web.baseUrl}/panel/${provider.iysCode}`);
        await page.goto(`/panel/${provider.iysCode}/brands/${provider.brands[0].brandCode}/upload`);
        await page.getByLabel('Dosya (.xlsx veya .csv)').setInputFiles({ name: 'izinler.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: content });
        await page.getByRole('button', { name: 'Önizle' }).click();
        await page.locator('#upload-summary').waitFor();
        await page.screenshot({ path: path.join(OUT, 'panel.png'), fullPage: false });
      },
      { viewport: DESKTOP },
    );
  });
});
