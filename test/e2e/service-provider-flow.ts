import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { components } from '../support/generated/iys-api.js';
import { expectStatus, iysClient } from '../support/iys-client.js';
import { TEST_ADMIN } from './app-harness.js';

/**
 * Steps of the provider onboarding flow, shared by the e2e specs. They call through the client
 * generated from the OpenAPI document: a renamed field or path fails the typecheck here.
 */
export async function tokenFor(app: NestFastifyApplication, username: string, password: string): Promise<{ access: string; refresh: string }> {
  const client = await iysClient(app);
  const token = expectStatus(await client.POST('/oauth2/token', { body: { username, password, grant_type: 'password' } }), 200);
  return { access: token.access_token, refresh: token.refresh_token };
}

export const adminToken = (app: NestFastifyApplication) => tokenFor(app, TEST_ADMIN.username, TEST_ADMIN.password);

let applicationSequence = 0;

export function applicationBody(overrides: Record<string, unknown> = {}): components['schemas']['SubmitApplicationDto'] {
  applicationSequence += 1;
  return {
    title: `Örnek Ticaret ${applicationSequence} A.Ş.`,
    mersis: '0015001526400496',
    taxNumber: '1234567890',
    address: 'Büyükdere Cad. No:1 Şişli İstanbul',
    signatory: { name: 'Ayşe Yılmaz', nationalId: '10000000146', mobile: '+905321234567', email: 'ayse.yilmaz@ornekticaret.com.tr' },
    brands: [{ name: `ÖRNEK ${applicationSequence}`, approvedAddressCount: 12000 }, { name: `ÖRNEK EXPRESS ${applicationSequence}`, approvedAddressCount: 300 }],
    ...overrides,
  };
}

/** Application → approval → a provider API user with a token. */
export async function onboardProvider(app: NestFastifyApplication, admin: string) {
  const [anonymous, administrator] = [await iysClient(app), await iysClient(app, admin)];
  const submitted = expectStatus(await anonymous.POST('/applications', { body: applicationBody() }), 201);
  const approved = expectStatus(await administrator.POST('/admin/applications/{applicationId}/approve', { params: { path: { applicationId: submitted.applicationId } }, body: {} }), 200);
  const { iysCode, brands } = approved;
  const username = `provider-${iysCode}`;
  const password = `secret-of-${iysCode}-provider`;
  expectStatus(await administrator.POST('/admin/users', { body: { username, password, role: 'provider', iysCode } }), 201);
  const tokens = await tokenFor(app, username, password);
  return { iysCode, brands, applicationId: submitted.applicationId, username, password, ...tokens };
}
