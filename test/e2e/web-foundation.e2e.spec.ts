import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { expectAccessible, startWebTestApp, withPage, type WebTestApp } from '../support/browser.js';
import { codeIn, nthMessageTo } from './recipient-flow.js';

/** The web foundation (docs/adr/0054): headers, CSRF, sessions, language, accessibility. */
describe('web foundation', () => {
  let web: WebTestApp;

  beforeAll(async () => {
    web = await startWebTestApp();
  });
  afterAll(() => web.close());

  it('serves pages with a strict CSP, no inline script, and a CSRF cookie', async () => {
    const response = await request(web.app.getHttpServer()).get('/sign-in').expect(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['content-security-policy']).toContain("script-src 'self'");
    expect(response.headers['content-security-policy']).not.toContain('unsafe-inline');
    expect(response.headers['x-frame-options']).toBe('DENY');
    expect(response.text).not.toMatch(/<script(?![^>]*\ssrc=)/);
    expect(response.text).not.toMatch(/\sstyle=/);
    const cookie = String(response.headers['set-cookie']);
    expect(cookie).toMatch(/iys_csrf=[^;]+; Path=\/; HttpOnly; SameSite=Strict/);
    expect(cookie).not.toContain('Secure');
  });

  it('marks cookies Secure behind a trusted TLS proxy', async () => {
    const behind = await startWebTestApp({ IYS_TRUST_PROXY: '127.0.0.1' });
    try {
      const response = await request(behind.app.getHttpServer()).get('/sign-in').set('x-forwarded-proto', 'https').expect(200);
      expect(String(response.headers['set-cookie'])).toContain('; Secure');
    } finally {
      await behind.close();
    }
  });

  it('refuses a form posted without its CSRF token (403 H800), and accepts it with the token', async () => {
    const agent = request.agent(web.app.getHttpServer());
    const refused = await agent.post('/sign-in').type('form').send({ address: '+905339990101' }).expect(403);
    expect(refused.text).toContain('H800');
    const page = await agent.get('/sign-in').expect(200);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
    const forged = await agent.post('/sign-in').type('form').send({ address: '+905339990101', _csrf: `${token}x` }).expect(403);
    expect(forged.text).toContain('H800');
    const accepted = await agent.post('/sign-in').type('form').send({ address: '+905339990101', _csrf: token }).expect(200);
    expect(accepted.text).toContain('name="challengeId"');
  });

  it('keeps the API speaking JSON: a form or multipart body on an API route is still 415 H601', async () => {
    const server = web.app.getHttpServer();
    const form = await request(server).post('/recipients/auth/codes').type('form').send({ recipient: '+905339990103' }).expect(415);
    expect(form.body.errors[0].code).toBe('H601');
    const multipart = await request(server).post('/recipients/auth/codes').field('recipient', '+905339990103').expect(415);
    expect(multipart.body.errors[0].code).toBe('H601');
  });

  it('sends an anonymous visit of a signed-in page to the sign-in page', async () => {
    await request(web.app.getHttpServer()).get('/').expect(303).expect('location', '/sign-in');
    // A forged session cookie is no session either.
    await request(web.app.getHttpServer()).get('/').set('cookie', 'iys_session=abc.def.ghi').expect(303).expect('location', '/sign-in');
  });

  it('signs a citizen in with the code from the outbox, switches language, signs out (keyboard only, accessible)', async () => {
    const phone = '+905339990102';
    await withPage(web.baseUrl, 'foundation-sign-in', async ({ page, context }) => {
      await page.goto('/');
      await expect(page.locator('h1').textContent()).resolves.toBe('Giriş yap');
      await expectAccessible(page);
      // Keyboard only: the first Tab reaches the skip link, which moves focus to the main content.
      await page.keyboard.press('Tab');
      await expect(page.evaluate(() => (globalThis as unknown as { document: { activeElement: { className: string } } }).document.activeElement.className)).resolves.toBe('skip-link');
      await page.keyboard.press('Enter');
      await expect(page.evaluate(() => (globalThis as unknown as { document: { activeElement: { id: string } } }).document.activeElement.id)).resolves.toBe('main');
      await page.getByLabel('Cep telefonu veya e-posta adresi').fill(phone);
      await page.keyboard.press('Enter');
      await page.getByLabel('6 haneli kod').waitFor();
      await expectAccessible(page);
      const code = codeIn(await nthMessageTo(web.app, phone, 'recipient.code.sms'));
      await page.getByLabel('6 haneli kod').fill(code);
      await page.keyboard.press('Enter');
      await page.waitForURL(`${web.baseUrl}/`);
      await expect(page.locator('h1').textContent()).resolves.toBe('İzinlerim');
      const session = (await context.cookies()).find((cookie) => cookie.name === 'iys_session')!;
      expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
      expect(await page.title()).not.toContain(phone);
      await page.getByRole('link', { name: 'English' }).click();
      await expect(page.locator('h1').textContent()).resolves.toBe('My consents');
      await expectAccessible(page);
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL(`${web.baseUrl}/sign-in`);
      // The session was revoked on the server: the old cookie opens nothing.
      const reused = await request(web.app.getHttpServer()).get('/').set('cookie', `iys_session=${session.value}`);
      expect(reused.status).toBe(303);
    });
  }, 120_000);
});
