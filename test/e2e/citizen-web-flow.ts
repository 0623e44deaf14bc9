import type { Page } from 'playwright-core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { codeIn, nthMessageTo, recordedTo } from './recipient-flow.js';

/** Signs a citizen in on the portal with the code the recorded outbox delivered to the address. */
export async function signInCitizen(page: Page, app: NestFastifyApplication, address: string): Promise<void> {
  const template = address.includes('@') ? 'recipient.code.email' : 'recipient.code.sms';
  const before = (await recordedTo(app, address, template)).length;
  await page.goto('/sign-in');
  await page.getByLabel(/Cep telefonu veya e-posta|Mobile phone or e-mail/).fill(address);
  await page.getByRole('button', { name: /Kod gönder|Send code/ }).click();
  await page.getByLabel(/6 haneli kod|6-digit code/).waitFor();
  const code = codeIn(await nthMessageTo(app, address, template, before + 1));
  await page.getByLabel(/6 haneli kod|6-digit code/).fill(code);
  await Promise.all([page.waitForURL((url) => url.pathname === '/'), page.getByRole('button', { name: /^(Giriş yap|Sign in)$/ }).click()]);
}
