import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { FixedClock, formatIysDateTime } from '@iys/platform/building-blocks';
import { inTransaction } from '@iys/platform/database';
import { enqueueOutboxMessage, MessageTemplates, RecordingMessageSender } from '@iys/platform/outbox';
import { PiiVault } from '@iys/platform/pii';
import { waitUntil } from '@iys/platform/testing';
import { expectStatus, iysClient } from '../support/iys-client.js';
import { startTestApp, type TestApp } from './app-harness.js';
import { adminToken, onboardProvider } from './service-provider-flow.js';

describe('the outbox dead letters, for the registry administrator (GET/POST /admin/outbox/dead-letters)', () => {
  const clock = new FixedClock(new Date('2026-11-23T07:00:00.000Z'));
  const address = '+905337770001';
  let harness: TestApp;
  let admin: string;
  let provider: string;
  const server = () => harness.app.getHttpServer();
  const asAdmin = (call: request.Test) => call.set('authorization', `Bearer ${admin}`);

  /** A message no template renders: the dispatcher makes it a dead letter. */
  async function deadLetter(template: string): Promise<string> {
    const vault = harness.app.get(PiiVault);
    const { recipientId } = await vault.resolveRecipientId(address);
    const [recipient, sealedParams] = await vault.encryptMany([
      { recipientId, plaintext: address },
      { recipientId, plaintext: JSON.stringify({ code: '908172' }) },
    ]);
    const id = randomUUID();
    await inTransaction(harness.db.pool, (tx) =>
      enqueueOutboxMessage(tx, { id, channel: 'sms', recipientId, recipient: recipient!, template, params: { iysCode: 1 }, sealedParams: sealedParams!, createdAt: clock.now() }),
    );
    await waitUntil(
      async () => (await harness.db.pool.query<{ status: string }>('SELECT status FROM outbox.messages WHERE id = $1', [id])).rows[0]?.status,
      (status) => status === 'dead',
      { description: 'the message buried' },
    );
    clock.advance(1000);
    return id;
  }

  beforeAll(async () => {
    harness = await startTestApp({}, { clock });
    admin = (await adminToken(harness.app)).access;
    provider = (await onboardProvider(harness.app, admin)).access;
  });
  afterAll(() => harness.close());

  it('lists dead letters without address or content, page by page, and sends one again', async () => {
    const first = await deadLetter('not-yet-written.sms');
    const second = await deadLetter('not-yet-written.sms');

    const client = await iysClient(harness.app, admin);
    const deadLetters = async (query: { limit?: string; after?: string } = {}) => expectStatus(await client.GET('/admin/outbox/dead-letters', { params: { query } }), 200);
    const page = await deadLetters({ limit: '1' });
    expect(page).toEqual({
      items: [
        {
          id: first,
          channel: 'sms',
          template: 'not-yet-written.sms',
          attempts: 1,
          lastError: 'UnknownTemplate',
          createdAt: formatIysDateTime(new Date('2026-11-23T07:00:00.000Z')),
          deadAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/),
        },
      ],
    });
    expect(JSON.stringify(page)).not.toContain(address.slice(3));
    expect(JSON.stringify(page)).not.toContain('908172');
    const next = await deadLetters({ limit: '1', after: first });
    expect(next.items.map((item) => item.id)).toEqual([second]);

    // Once the template exists, the administrator sends the first one again: same id, attempts reset.
    harness.app.get(MessageTemplates).register({ name: 'not-yet-written.sms', channel: 'sms', render: (_params, secrets) => ({ text: `Kod ${String(secrets.code)}` }) });
    expect(expectStatus(await client.POST('/admin/outbox/dead-letters/{id}/retry', { params: { path: { id: first } } }), 200)).toEqual({ id: first, status: 'pending' });
    const recorder = harness.app.get(RecordingMessageSender);
    const delivered = await waitUntil(() => recorder.recorded((message) => message.id === first), (found) => found.length === 1, { description: 'the retried message sent' });
    expect(delivered[0]).toMatchObject({ recipientId: await harness.app.get(PiiVault).findRecipientId(address), text: 'Kod 908172' });
    const remaining = await deadLetters();
    expect(remaining.items.map((item) => item.id)).toEqual([second]);
  });

  it('answers H690 for what is not a dead letter, H691 for an unknown cursor, the paging codes for a bad limit', async () => {
    for (const id of [randomUUID(), 'not-an-id']) {
      const missing = await asAdmin(request(server()).post(`/admin/outbox/dead-letters/${id}/retry`)).expect(404);
      expect(missing.body).toEqual({ errors: [{ code: 'H690', message: 'Gönderilemeyen ileti bulunamadı.', location: ['id'] }] });
    }
    const cursor = await asAdmin(request(server()).get('/admin/outbox/dead-letters').query({ after: randomUUID() })).expect(422);
    expect(cursor.body.errors).toEqual([{ code: 'H691', message: 'after değeri bir iletinin kimliği (id) olmalıdır.', location: ['after'] }]);
    const codes = async (limit: string) => (await asAdmin(request(server()).get('/admin/outbox/dead-letters').query({ limit })).expect(422)).body.errors.map((e: { code: string }) => e.code);
    expect(await codes('101')).toEqual(['H186']);
    expect(await codes('0')).toEqual(['H187']);
    expect(await codes('ten')).toEqual(['H183']);
  });

  it('is for administrators only', async () => {
    await request(server()).get('/admin/outbox/dead-letters').expect(401);
    await request(server()).get('/admin/outbox/dead-letters').set('authorization', `Bearer ${provider}`).expect(403);
    await request(server()).post(`/admin/outbox/dead-letters/${randomUUID()}/retry`).set('authorization', `Bearer ${provider}`).expect(403);
  });
});
