import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type pg from 'pg';
import request from 'supertest';
import { formatIysDateTime } from '@iys/platform/building-blocks';
import { PG_POOL } from '@iys/platform/nest';
import { RecordingMessageSender, type RecordedMessage } from '@iys/platform/outbox';
import { PiiVault } from '@iys/platform/pii';
import { waitUntil } from '@iys/platform/testing';
import { expectStatus, iysClient } from '../support/iys-client.js';
import { tokenFor } from './service-provider-flow.js';

/** The inbound-SMS gateway's shared secret in the recipient e2e specs. */
export const SMS_WEBHOOK_SECRET = randomBytes(32).toString('base64url');

/**
 * Steps of the recipient's side, shared by the e2e specs. The messages recorded to an address: the
 * file keeps the vault's recipient id in its place (none once the address is erased).
 */
export async function recordedTo(app: NestFastifyApplication, address: string, template?: string): Promise<RecordedMessage[]> {
  const recipientId = await recipientIdOf(app, address);
  if (recipientId === undefined) return [];
  return app.get(RecordingMessageSender).recorded((message) => message.recipientId === recipientId && (template === undefined || message.template === template));
}

/** Waits for the n-th message of a template to reach the address (the dispatcher runs in the background). */
export function nthMessageTo(app: NestFastifyApplication, address: string, template: string, n = 1): Promise<RecordedMessage> {
  return waitUntil(
    async () => recordedTo(app, address, template),
    (found) => found.length >= n,
    { description: `message ${n} of ${template}` },
  ).then((found) => found[n - 1]);
}

export function codeIn(message: RecordedMessage): string {
  const match = /\b(\d{6})\b/.exec(message.text);
  if (!match) throw new Error('no 6-digit code in the message');
  return match[1];
}

/**
 * Asks for a code to the address (`ask` posts the request and returns its response) and reads the
 * code from the message the address then receives.
 */
export async function codeSentTo(
  app: NestFastifyApplication,
  address: string,
  ask: () => Promise<{ body: { challengeId: string } } | { challengeId: string }>,
): Promise<{ challengeId: string; code: string }> {
  const template = address.includes('@') ? 'recipient.code.email' : 'recipient.code.sms';
  const before = (await recordedTo(app, address, template)).length;
  const challenge = await ask();
  const message = await nthMessageTo(app, address, template, before + 1);
  return { challengeId: 'body' in challenge ? challenge.body.challengeId : challenge.challengeId, code: codeIn(message) };
}

/** Sign-in by code: the code is read from the message the address received. */
export async function signInRecipient(app: NestFastifyApplication, address: string): Promise<string> {
  const client = await iysClient(app);
  const proof = await codeSentTo(app, address, async () => expectStatus(await client.POST('/recipients/auth/codes', { body: { recipient: address } }), 200));
  return expectStatus(await client.POST('/recipients/auth/token', { body: proof }), 200).access_token;
}

/** A text to the short number, signed as the gateway signs it. */
export function inboundSms(app: NestFastifyApplication, body: { messageId: string; from: string; text: string }, { secret = SMS_WEBHOOK_SECRET, at = Date.now() } = {}) {
  const raw = JSON.stringify(body);
  const timestamp = String(Math.floor(at / 1000));
  const signature = `sha256=${createHmac('sha256', secret).update(`${timestamp}.${raw}`).digest('hex')}`;
  return request(app.getHttpServer())
    .post('/recipients/sms/inbound')
    .set('content-type', 'application/json')
    .set('x-iys-timestamp', timestamp)
    .set('x-iys-signature', signature)
    .send(raw);
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** A provider as onboardProvider returns it: the token is refreshed by the caller when the clock has moved past it. */
export interface ProviderCredentials {
  iysCode: number;
  access: string;
}

/** A fresh token for a provider onboarded earlier, once the clock has moved past its lifetime. */
export async function renewProviderToken(app: NestFastifyApplication, provider: ProviderCredentials & { username: string; password: string }): Promise<void> {
  provider.access = (await tokenFor(app, provider.username, provider.password)).access;
}

/** The proof with a code that is certainly not the one sent. */
export const withWrongCode = (proof: { challengeId: string; code: string }) => ({ ...proof, code: proof.code === '000000' ? '111111' : '000000' });

/** The provider registers an ONAY (C1) with the given consentDate. */
export async function providerApproves(
  app: NestFastifyApplication,
  provider: ProviderCredentials,
  brandCode: number,
  recipient: string,
  type: 'ARAMA' | 'MESAJ' | 'EPOSTA',
  consentDate: Date,
): Promise<{ transactionId: string }> {
  const client = await iysClient(app, provider.access);
  const body = { recipient, recipientType: 'BIREYSEL', type, status: 'ONAY', consentDate: formatIysDateTime(consentDate), source: 'HS_WEB' } as const;
  return expectStatus(await client.POST('/sps/{iysCode}/brands/{brandCode}/consents', { params: { path: { iysCode: provider.iysCode, brandCode } }, body }), 200);
}

/** The provider's status query (C2) for one of its consents; the caller expects 200 or an error. */
export function providerStatus(app: NestFastifyApplication, provider: ProviderCredentials, brandCode: number, recipient: string, type: 'ARAMA' | 'MESAJ' | 'EPOSTA') {
  return request(app.getHttpServer())
    .post(`/sps/${provider.iysCode}/brands/${brandCode}/consents/status`)
    .set(bearer(provider.access))
    .send({ recipient, recipientType: 'BIREYSEL', type });
}

/** The opaque id the vault gives the address (undefined once it has been erased). */
export function recipientIdOf(app: NestFastifyApplication, address: string): Promise<string | undefined> {
  return app.get(PiiVault).findRecipientId(address);
}

/** The registrations waiting for the address's next notice, oldest first. */
export async function pendingNoticesOf(app: NestFastifyApplication, address: string): Promise<{ event_id: string; brand_code: number; type: string }[]> {
  const recipientId = await recipientIdOf(app, address);
  const { rows } = await app
    .get<symbol, pg.Pool>(PG_POOL)
    .query('SELECT event_id, brand_code, type FROM recipient.pending_notices WHERE recipient_id = $1 ORDER BY registered_at, brand_code, type', [recipientId]);
  return rows;
}

/** Consent notices enqueued for the address (sent or not yet). */
export async function noticesEnqueuedFor(app: NestFastifyApplication, address: string): Promise<number> {
  const recipientId = await recipientIdOf(app, address);
  const { rows } = await app
    .get<symbol, pg.Pool>(PG_POOL)
    .query(`SELECT count(*)::int AS n FROM outbox.messages WHERE recipient_id = $1 AND template LIKE 'recipient.consent-notice.%'`, [recipientId]);
  return rows[0].n;
}

/** A call-centre agent: an API user with role agent, and their API token. */
export async function createAgent(app: NestFastifyApplication, admin: string): Promise<{ userId: string; access: string }> {
  const username = `agent-${randomUUID().slice(0, 8)}`;
  const password = `secret-of-${username}-agent`;
  const created = expectStatus(await (await iysClient(app, admin)).POST('/admin/users', { body: { username, password, role: 'agent' } }), 201);
  return { userId: created.userId, access: (await tokenFor(app, username, password)).access };
}

/** The signed-in account proves one more address with the code sent to it. */
export async function addAddress(app: NestFastifyApplication, token: string, address: string): Promise<void> {
  const client = await iysClient(app, token);
  const proof = await codeSentTo(app, address, async () => expectStatus(await client.POST('/recipients/me/addresses/codes', { body: { recipient: address } }), 200));
  expectStatus(await client.POST('/recipients/me/addresses', { body: proof }), 200);
}

export interface ListedConsent {
  consentId: string;
  recipient: string;
  brandCode: number;
  type: string;
  status: string;
  source: string;
}

/** The consents the recipient token sees. */
export async function myConsents(app: NestFastifyApplication, token: string): Promise<ListedConsent[]> {
  return expectStatus(await (await iysClient(app, token)).GET('/recipients/me/consents'), 200).consents;
}
