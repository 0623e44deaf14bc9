import request from 'supertest';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { TEST_ADMIN } from './app-harness.js';

/** Steps of the provider onboarding flow, shared by the e2e specs. */
export async function tokenFor(app: NestFastifyApplication, username: string, password: string): Promise<{ access: string; refresh: string }> {
  const response = await request(app.getHttpServer()).post('/oauth2/token').send({ username, password, grant_type: 'password' }).expect(200);
  return { access: response.body.access_token, refresh: response.body.refresh_token };
}

export const adminToken = (app: NestFastifyApplication) => tokenFor(app, TEST_ADMIN.username, TEST_ADMIN.password);

let applicationSequence = 0;

export function applicationBody(overrides: Record<string, unknown> = {}) {
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
  const server = app.getHttpServer();
  const submitted = await request(server).post('/applications').send(applicationBody()).expect(201);
  const approved = await request(server)
    .post(`/admin/applications/${submitted.body.applicationId}/approve`)
    .set('authorization', `Bearer ${admin}`)
    .send({})
    .expect(200);
  const iysCode: number = approved.body.iysCode;
  const username = `provider-${iysCode}`;
  const password = `secret-of-${iysCode}-provider`;
  await request(server)
    .post('/admin/users')
    .set('authorization', `Bearer ${admin}`)
    .send({ username, password, role: 'provider', iysCode })
    .expect(201);
  const tokens = await tokenFor(app, username, password);
  return { iysCode, brands: approved.body.brands as { brandCode: number; name: string; master: boolean }[], applicationId: submitted.body.applicationId as string, username, password, ...tokens };
}
