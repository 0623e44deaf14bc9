import { createPublicKey, type KeyObject } from 'node:crypto';
import type { FixedClock } from '@iys/platform/building-blocks';
import { formatIysDateTime, parseIysDateTime } from '@iys/platform/building-blocks';
import request from 'supertest';
import { DailySnapshotService } from '../../libs/contexts/reconciliation/src/snapshots/application/daily-snapshot.service.js';
import { expectStatus, iysClient } from '../support/iys-client.js';
import { startTestApp, type TestApp } from './app-harness.js';
import { bearer, myConsents, signInRecipient, SMS_WEBHOOK_SECRET } from './recipient-flow.js';
import { adminToken, onboardProvider, tokenFor } from './service-provider-flow.js';

/** Steps of the complaint flows, shared by the complaint e2e specs. */
export const at = (text: string) => parseIysDateTime(text)!;

/** A 1×1 PNG, a JPEG header and a PDF: attachments are recognised by their first bytes. */
export const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]);
export const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

export type Provider = Awaited<ReturnType<typeof onboardProvider>>;

export interface ComplaintWorld {
  harness: TestApp;
  clock: FixedClock;
  admin: string;
  provider: Provider;
  /** Province-scoped authority users (Istanbul 34, Ankara 6) and a ministry-wide one: name → credentials. */
  authorities: Record<'istanbul' | 'ankara' | 'ministry', { userId: string; username: string; password: string }>;
  server(): ReturnType<TestApp['app']['getHttpServer']>;
  /** A fresh token on the registry's clock (tokens expire as the clock moves). */
  authority(name: 'istanbul' | 'ankara' | 'ministry'): Promise<string>;
  providerToken(): Promise<string>;
  adminToken(): Promise<string>;
}

/** The real app on `clock`, a provider with an SMS header registered on its first brand, scoped authority users. */
export async function startComplaintWorld(clock: FixedClock, header: string): Promise<ComplaintWorld> {
  const harness = await startTestApp({ IYS_SMS_WEBHOOK_SECRET: SMS_WEBHOOK_SECRET, IYS_PUBLIC_BASE_URL: 'https://iys.example' }, { clock });
  const server = () => harness.app.getHttpServer();
  const admin = (await adminToken(harness.app)).access;
  const provider = await onboardProvider(harness.app, admin);
  const brand = { iysCode: provider.iysCode, brandCode: provider.brands[0].brandCode };
  expectStatus(await (await iysClient(harness.app, provider.access)).POST('/sps/{iysCode}/brands/{brandCode}/senders', { params: { path: brand }, body: { channel: 'MESAJ', senderId: header } }), 201);
  const administrator = await iysClient(harness.app, admin);
  const authorities = {} as ComplaintWorld['authorities'];
  for (const [name, scope] of [
    ['istanbul', { scope: 'PROVINCE', province: 34 }],
    ['ankara', { scope: 'PROVINCE', province: 6 }],
    ['ministry', { scope: 'MINISTRY' }],
  ] as const) {
    const username = `authority-${name}`;
    const password = `${username}-long-password`;
    const { userId } = expectStatus(await administrator.POST('/admin/users', { body: { username, password, role: 'authority' } }), 201);
    expectStatus(await administrator.PUT('/admin/complaint-scopes/{userId}', { params: { path: { userId } }, body: scope }), 200);
    authorities[name] = { userId, username, password };
  }
  // Tokens are issued on the registry's clock: one is reused while the clock stays within a few minutes of its issue.
  const issued = new Map<string, { token: string; at: number }>();
  const tokenOf = async (username: string, password: string) => {
    const held = issued.get(username);
    if (held && Math.abs(clock.now().getTime() - held.at) < 5 * 60_000) return held.token;
    const token = (await tokenFor(harness.app, username, password)).access;
    issued.set(username, { token, at: clock.now().getTime() });
    return token;
  };
  return {
    harness,
    clock,
    admin,
    provider,
    authorities,
    server,
    authority: (name) => tokenOf(authorities[name].username, authorities[name].password),
    providerToken: () => tokenOf(provider.username, provider.password),
    adminToken: async () => (await adminToken(harness.app)).access,
  };
}

/** At `time` (Istanbul), the provider registers a MESAJ consent for `phone` on its first brand. */
export async function providerRecords(world: ComplaintWorld, phone: string, status: 'ONAY' | 'RET', time: string, brandCode = world.provider.brands[0].brandCode): Promise<void> {
  world.clock.set(at(time));
  const client = await iysClient(world.harness.app, await world.providerToken());
  const path = { iysCode: world.provider.iysCode, brandCode };
  const body = { recipient: phone, recipientType: 'BIREYSEL', type: 'MESAJ', status, consentDate: time, source: 'HS_WEB' } as const;
  expectStatus(await client.POST('/sps/{iysCode}/brands/{brandCode}/consents', { params: { path }, body }), 200);
}

/** At `time`, the recipient rejects the brand's MESAJ consent from their own screen (IYS_WEB). */
export async function recipientRejects(world: ComplaintWorld, phone: string, time: string): Promise<void> {
  world.clock.set(at(time));
  const token = await signInRecipient(world.harness.app, phone);
  const consent = (await myConsents(world.harness.app, token)).find((c) => c.brandCode === world.provider.brands[0].brandCode && c.type === 'MESAJ')!;
  const client = await iysClient(world.harness.app, token);
  expectStatus(await client.PUT('/recipients/me/consents/{consentId}/status', { params: { path: { consentId: consent.consentId } }, body: { status: 'RET' } }), 200);
}

export async function snapshot(world: ComplaintWorld, day: string): Promise<void> {
  await world.harness.app.get(DailySnapshotService, { strict: false }).snapshotDay(day);
}

export async function signingKey(world: ComplaintWorld): Promise<{ publicKey: KeyObject; publicKeyId: string }> {
  const published = expectStatus(await (await iysClient(world.harness.app)).GET('/reconciliation/signing-key'), 200);
  return { publicKey: createPublicKey(published.publicKey), publicKeyId: published.publicKeyId };
}

/** A valid SMS complaint body for `phone`; `patch` overrides fields. */
export function smsComplaint(phone: string, header: string, messageAt: Date, patch: Record<string, unknown> = {}) {
  return {
    channel: 'MESAJ',
    recipient: phone,
    recipientType: 'BIREYSEL',
    sender: header,
    messageDate: formatIysDateTime(messageAt),
    content: 'Kampanya! Tüm ürünlerde %50 indirim. Detaylar için tıklayın.',
    gsmOperator: 'TURKCELL',
    province: 34,
    residence: 'Moda Cad. No:1 Kadıköy İstanbul',
    nationalId: '10000000146',
    subjects: ['REJECTED_STILL_RECEIVING'],
    ...patch,
  };
}

export function fileComplaint(world: ComplaintWorld, token: string, body: Record<string, unknown>) {
  return request(world.server()).post('/recipients/me/complaints').set(bearer(token)).send(body);
}

export function upload(world: ComplaintWorld, path: string, token: string, bytes: Buffer) {
  return request(world.server()).post(path).set(bearer(token)).set('content-type', 'application/octet-stream').send(bytes);
}
