import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { FixedClock } from '@iys/platform/building-blocks';
import { inTransaction } from '@iys/platform/database';
import { piiMigrations, PiiVault } from '@iys/platform/pii';
import { createTestDatabase, statementsOf, type TestDatabase } from '@iys/platform/testing';
import { DeliveryError, type MessageSender, type OutboxSenders, type OutgoingMessage } from './message-sender.js';
import { MessageTemplates, type MessageTemplate } from './message-templates.js';
import { OutboxAdmin, UnknownOutboxCursorError } from './outbox-admin.js';
import { OUTBOX_LEASE_SECONDS, OutboxDispatcher } from './outbox-dispatcher.js';
import { enqueueOutboxMessage, type OutboxChannel } from './outbox-message.js';
import { outboxMigrations } from './index.js';
import { HttpGatewaySender } from './senders/http-gateway.sender.js';
import { readRecordedMessages, RecordingMessageSender } from './senders/recording-message.sender.js';
import { startTestGateway, type TestGateway } from './senders/test-gateway.fixtures.js';

const SECOND = 1000;

const TEMPLATES: MessageTemplate[] = [
  { name: 'test-code.sms', channel: 'sms', render: (params, secrets) => ({ text: `Kodunuz: ${String(secrets.code)} (${String(params.brand)})` }) },
  { name: 'test-code.call', channel: 'call', render: (_params, secrets) => ({ text: `Kod ${String(secrets.code)}` }) },
  { name: 'test-link.email', channel: 'email', render: (_params, secrets) => ({ subject: 'İYS bağlantınız', text: `Bağlantı: ${String(secrets.link)}` }) },
];

const DEFAULT_TEMPLATE: Record<OutboxChannel, string> = { sms: 'test-code.sms', call: 'test-code.call', email: 'test-link.email' };

/** Fails the first `failures` sends with a retryable error, then hands over to `inner` (or just succeeds). */
class FlakySender implements MessageSender {
  readonly attempts: OutgoingMessage[] = [];
  constructor(
    private failures: number,
    private readonly inner?: MessageSender,
  ) {}
  async send(message: OutgoingMessage): Promise<void> {
    this.attempts.push(message);
    if (this.failures > 0) {
      this.failures -= 1;
      // The message quotes the address, as a careless driver's would: it must never be stored or logged.
      throw new DeliveryError(`cannot reach ${message.to}`, { code: 'ECONNREFUSED' });
    }
    await this.inner?.send(message);
  }
}

describe('OutboxDispatcher (real PostgreSQL, real vault)', () => {
  let db: TestDatabase;
  let vault: PiiVault;
  let dataDir: string;
  const clock = new FixedClock(new Date('2026-11-23T07:00:00.000Z'));
  const templates = new MessageTemplates();
  templates.register(...TEMPLATES);
  let phoneSequence = 0;
  /** Every log line the dispatcher writes, and every address and secret value enqueued: the first must never contain the second. */
  const logged: string[] = [];
  const personal: string[] = [];
  const capture = (...args: unknown[]) => void logged.push(JSON.stringify(args));
  Logger.overrideLogger({ log: capture, error: capture, warn: capture, debug: capture, verbose: capture, fatal: capture });

  beforeAll(async () => {
    db = await createTestDatabase([...piiMigrations, ...outboxMigrations]);
    vault = new PiiVault({ pool: db.pool, masterKey: randomBytes(32), hmacKey: randomBytes(32), clock });
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'iys-outbox-'));
  });
  afterAll(async () => {
    await db?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    await db.pool.query('TRUNCATE outbox.messages');
  });
  afterEach(() => {
    const text = logged.join('\n');
    for (const value of personal) expect(text).not.toContain(value);
    logged.length = 0;
    personal.length = 0;
  });

  /** A recording sender on a file of its own (a fresh one unless given, so it starts empty). */
  const recorder = (file = path.join(dataDir, `${randomUUID()}.jsonl`)) => new RecordingMessageSender(db.pool, { file, rotateBytes: 10 * 1024 * 1024, keep: 2 }, clock);
  const allTo = (sender: MessageSender): OutboxSenders => ({ sms: sender, email: sender, call: sender });
  const dispatcher = (senders: OutboxSenders, maxAttempts = 10) => new OutboxDispatcher(db.pool, vault, templates, senders, clock, { enabled: false, maxAttempts });

  /** Enqueues one message in its own committed transaction, as a context's handler does. */
  async function enqueue({ channel = 'sms', template = DEFAULT_TEMPLATE[channel], address, secrets = { code: '123456' } }: {
    channel?: OutboxChannel;
    template?: string;
    address?: string;
    secrets?: Record<string, string>;
  } = {}): Promise<{ id: string; recipientId: string; address: string }> {
    const to = address ?? (channel === 'email' ? `alici${++phoneSequence}@ornek.com.tr` : `+90532${String(1000000 + ++phoneSequence)}`);
    personal.push(to, to.slice(3), ...Object.values(secrets).filter((value) => value.length > 3));
    const { recipientId } = await vault.resolveRecipientId(to);
    const [recipient, sealedParams] = await vault.encryptMany([
      { recipientId, plaintext: to },
      { recipientId, plaintext: JSON.stringify(secrets) },
    ]);
    const id = randomUUID();
    await inTransaction(db.pool, (tx) =>
      enqueueOutboxMessage(tx, { id, channel, recipientId, recipient: recipient!, template, params: { brand: 'MARKA' }, sealedParams: sealedParams!, createdAt: clock.now() }),
    );
    return { id, recipientId, address: to };
  }

  async function row(id: string) {
    const { rows } = await db.pool.query<{ status: string; attempts: number; next_attempt_at: Date; sent_at: Date | null; last_error: string | null; dead_at: Date | null; dropped_at: Date | null }>(
      'SELECT status, attempts, next_attempt_at, sent_at, last_error, dead_at, dropped_at FROM outbox.messages WHERE id = $1',
      [id],
    );
    return rows[0]!;
  }

  it('sends a committed message once, rendered with its unsealed values, and keeps nothing personal in the row', async () => {
    const recording = recorder();
    const { id, address, recipientId } = await enqueue({ secrets: { code: '482913' } });

    expect(await dispatcher(allTo(recording)).drain()).toBe(1);

    expect(await recording.recorded()).toEqual([
      { id, channel: 'sms', recipientId, text: 'Kodunuz: 482913 (MARKA)', template: 'test-code.sms', recordedAt: clock.now().toISOString() },
    ]);
    expect(await row(id)).toMatchObject({ status: 'sent', attempts: 1, sent_at: clock.now(), last_error: null });
    const { rows } = await db.pool.query<{ text: string }>('SELECT to_jsonb(m)::text AS text FROM outbox.messages m WHERE id = $1', [id]);
    expect(rows[0]!.text).not.toContain(address.slice(3));
    expect(rows[0]!.text).not.toContain('482913');

    // Nothing is due any more.
    expect(await dispatcher(allTo(recording)).drain()).toBe(0);
    expect(await recording.recorded()).toHaveLength(1);
  });

  it('sends nothing for a rolled-back enqueue', async () => {
    const recording = recorder();
    const { recipientId } = await vault.resolveRecipientId('+905329999001');
    const recipient = await vault.encrypt(recipientId, '+905329999001');
    await expect(
      inTransaction(db.pool, async (tx) => {
        await enqueueOutboxMessage(tx, { id: randomUUID(), channel: 'sms', recipientId, recipient, template: 'test-code.sms', params: {}, sealedParams: null, createdAt: clock.now() });
        throw new Error('the fact behind the message failed');
      }),
    ).rejects.toThrow('the fact behind the message failed');

    expect(await dispatcher(allTo(recording)).drain()).toBe(0);
    expect(await recording.recorded()).toEqual([]);
    expect((await db.pool.query('SELECT count(*)::int AS n FROM outbox.messages')).rows[0]).toEqual({ n: 0 });
  });

  describe('a crash between the hand-over and the sent mark', () => {
    let gateway: TestGateway;
    beforeAll(async () => {
      gateway = await startTestGateway();
    });
    afterAll(() => gateway.close());

    it('hands the row over again, and neither the HTTP gateway nor the recording sender sends it twice', async () => {
      const file = path.join(dataDir, 'crash', 'recorded-messages.jsonl');
      const before = { sms: new HttpGatewaySender({ url: gateway.url, token: 'gateway-secret' }), email: recorder(file), call: recorder(file) };
      const sms = await enqueue({ channel: 'sms' });
      const call = await enqueue({ channel: 'call', secrets: { code: '771100' } });
      expect(await dispatcher(before).drain()).toBe(2);

      // The process dies after the gateways took both messages, before the sent marks: the rows stay
      // pending under their lease. After a restart (new senders, which remember nothing)
      // the lease runs out and another dispatcher delivers them again.
      await db.pool.query(`UPDATE outbox.messages SET status = 'pending', sent_at = NULL, next_attempt_at = $1 WHERE id = ANY($2::uuid[])`, [
        new Date(clock.now().getTime() + OUTBOX_LEASE_SECONDS * SECOND),
        [sms.id, call.id],
      ]);
      expect(await dispatcher(before).drain()).toBe(0); // still leased
      clock.advance(OUTBOX_LEASE_SECONDS * SECOND);
      const restarted = recorder(file);
      expect(await dispatcher({ sms: before.sms, email: restarted, call: restarted }).drain()).toBe(2);

      // Both attempts reached the HTTP gateway with the one idempotency key: the row id.
      expect(gateway.requests).toHaveLength(2);
      for (const request of gateway.requests) {
        expect(request.method).toBe('POST');
        expect(request.headers['idempotency-key']).toBe(sms.id);
        expect(request.headers.authorization).toBe('Bearer gateway-secret');
        expect(request.body).toEqual({ messageId: sms.id, to: sms.address, text: 'Kodunuz: 123456 (MARKA)' });
      }
      // The recording file holds the call once, across the restart: the row's recorded_at said so.
      expect((await readRecordedMessages({ file, keep: 0 })).map((message) => [message.id, message.recipientId, message.text])).toEqual([[call.id, call.recipientId, 'Kod 771100']]);
      expect(readFileSync(file, 'utf8')).not.toContain(call.address.slice(3));
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(await row(sms.id)).toMatchObject({ status: 'sent', attempts: 2 });
      expect(await row(call.id)).toMatchObject({ status: 'sent', attempts: 2 });
    });

    it('also when the sender handed it over but then failed: the retry is ignored by the recording sender', async () => {
      const recording = recorder(path.join(dataDir, 'failed-after-send.jsonl'));
      /** Records, then throws once, as a gateway that took the message but whose answer was lost. */
      let lost = 1;
      const losesFirstAnswer: MessageSender = {
        async send(message) {
          await recording.send(message);
          if (lost-- > 0) throw new DeliveryError('the answer was lost', { code: 'ECONNRESET' });
        },
      };
      const { id } = await enqueue();
      expect(await dispatcher(allTo(losesFirstAnswer)).drain()).toBe(0);
      expect(await row(id)).toMatchObject({ status: 'pending', attempts: 1, last_error: 'DeliveryError code=ECONNRESET' });
      clock.advance(5 * SECOND);
      expect(await dispatcher(allTo(losesFirstAnswer)).drain()).toBe(1);
      expect((await recording.recorded()).map((message) => message.id)).toEqual([id]);
      expect(readFileSync(path.join(dataDir, 'failed-after-send.jsonl'), 'utf8').trim().split('\n')).toHaveLength(1);
    });
  });

  it('retries a failed message with back-off: 5 s, then 10 s, and keeps only the error name and code', async () => {
    const recording = recorder();
    const flaky = new FlakySender(2, recording);
    const { id, address } = await enqueue();
    const start = clock.now().getTime();

    expect(await dispatcher(allTo(flaky)).drain()).toBe(0);
    expect(await row(id)).toMatchObject({ status: 'pending', attempts: 1, next_attempt_at: new Date(start + 5 * SECOND), last_error: 'DeliveryError code=ECONNREFUSED' });
    clock.advance(5 * SECOND - 1);
    expect(await dispatcher(allTo(flaky)).drain()).toBe(0);
    expect(flaky.attempts).toHaveLength(1);

    clock.advance(1);
    expect(await dispatcher(allTo(flaky)).drain()).toBe(0);
    expect(await row(id)).toMatchObject({ status: 'pending', attempts: 2, next_attempt_at: new Date(start + 15 * SECOND) });
    clock.advance(10 * SECOND - 1);
    expect(await dispatcher(allTo(flaky)).drain()).toBe(0);
    clock.advance(1);
    expect(await dispatcher(allTo(flaky)).drain()).toBe(1);

    expect(flaky.attempts.map((message) => message.attempt)).toEqual([1, 2, 3]);
    // The failure was logged by id and error code; the error's message (it quoted the address) was not.
    expect(logged.filter((line) => line.includes('it will be retried') && line.includes(id) && line.includes('ECONNREFUSED'))).toHaveLength(2);
    expect((await recording.recorded()).map((message) => message.id)).toEqual([id]);
    const done = await row(id);
    expect(done).toMatchObject({ status: 'sent', attempts: 3 });
    expect(done.last_error).not.toContain(address.slice(3));
  });

  it('makes a message a dead letter after IYS_OUTBOX_MAX_ATTEMPTS failures', async () => {
    const gateway = await startTestGateway(() => 503);
    try {
      const senders = allTo(new HttpGatewaySender({ url: gateway.url }));
      const { id } = await enqueue();
      for (let attempt = 1; attempt <= 3; attempt++) {
        expect(await dispatcher(senders, 3).drain()).toBe(0);
        clock.advance(10 * 60 * SECOND);
      }
      expect(await row(id)).toMatchObject({ status: 'dead', attempts: 3, last_error: 'DeliveryError status=503' });
      expect((await row(id)).dead_at).not.toBeNull();
      expect(await dispatcher(senders, 3).drain()).toBe(0);
      expect(gateway.requests).toHaveLength(3);
    } finally {
      await gateway.close();
    }
  });

  it('buries a row whose last attempt crashed once its lease runs out', async () => {
    const { id } = await enqueue();
    await db.pool.query('UPDATE outbox.messages SET attempts = 3, next_attempt_at = $2 WHERE id = $1', [id, new Date(clock.now().getTime() + OUTBOX_LEASE_SECONDS * SECOND)]);
    const recording = recorder();
    clock.advance(OUTBOX_LEASE_SECONDS * SECOND);
    expect(await dispatcher(allTo(recording), 3).drain()).toBe(0);
    expect(await row(id)).toMatchObject({ status: 'dead', attempts: 3, last_error: 'MaxAttempts', dead_at: clock.now() });
    expect(await recording.recorded()).toEqual([]);
  });

  it('runs no dead-letter UPDATE when nothing failed: an idle round is one statement, a healthy delivery its claim and its mark', async () => {
    const outboxStatements = async (run: () => Promise<unknown>) => (await statementsOf(run, 2000)).filter((text) => text.includes('outbox.messages'));
    const healthy = allTo(new FlakySender(0));
    const idle = await outboxStatements(() => dispatcher(healthy, 3).drain());
    expect(idle).toHaveLength(1);
    expect(idle[0]).toMatch(/^WITH due AS/);

    const { id } = await enqueue();
    const delivering = await outboxStatements(() => dispatcher(healthy, 3).drain());
    // Claim (one row), the `sent` mark, the claim that finds nothing more.
    expect(delivering).toHaveLength(3);
    expect(delivering.filter((text) => text.startsWith("UPDATE outbox.messages SET status = 'dead'"))).toEqual([]);
    expect(await row(id)).toMatchObject({ status: 'sent', attempts: 1, last_error: null, dead_at: null });
  });

  it('makes a message a dead letter at once on a PermanentDeliveryError (the gateway answered 400)', async () => {
    const gateway = await startTestGateway(() => 400);
    try {
      const { id } = await enqueue();
      expect(await dispatcher(allTo(new HttpGatewaySender({ url: gateway.url }))).drain()).toBe(0);
      expect(await row(id)).toMatchObject({ status: 'dead', attempts: 1, last_error: 'PermanentDeliveryError status=400', dead_at: clock.now() });
      expect(gateway.requests).toHaveLength(1);
    } finally {
      await gateway.close();
    }
  });

  it('makes a message naming an unknown template a dead letter without sending anything', async () => {
    const recording = recorder();
    const { id } = await enqueue({ template: 'nobody-registered.sms' });
    expect(await dispatcher(allTo(recording)).drain()).toBe(0);
    expect(await row(id)).toMatchObject({ status: 'dead', attempts: 1, last_error: 'UnknownTemplate' });
    expect(await recording.recorded()).toEqual([]);
  });

  it('drops, never sends, a message whose recipient was erased', async () => {
    const recording = recorder();
    const erased = await enqueue();
    const kept = await enqueue({ channel: 'email', secrets: { link: 'https://iys.example/r/abc' } });
    await vault.shred(erased.recipientId);

    expect(await dispatcher(allTo(recording)).drain()).toBe(1);
    expect(await row(erased.id)).toMatchObject({ status: 'dropped', dropped_at: clock.now(), sent_at: null });
    expect(await recording.recorded()).toEqual([expect.objectContaining({ id: kept.id, recipientId: kept.recipientId, subject: 'İYS bağlantınız', text: 'Bağlantı: https://iys.example/r/abc' })]);
  });

  it('never sends one row twice when two dispatchers drain at once', async () => {
    const ids = [];
    for (let i = 0; i < 45; i++) ids.push((await enqueue({ channel: (['sms', 'email', 'call'] as const)[i % 3], secrets: { code: '1', link: 'l' } })).id);
    const sends = new Map<string, number>();
    const counting: MessageSender = {
      async send(message) {
        sends.set(message.id, (sends.get(message.id) ?? 0) + 1);
        await new Promise((resolve) => setImmediate(resolve)); // let the other dispatcher claim meanwhile
      },
    };
    const [first, second] = await Promise.all([dispatcher(allTo(counting)).drain(), dispatcher(allTo(counting)).drain()]);

    expect(first + second).toBe(45);
    expect([...sends.keys()].sort()).toEqual([...ids].sort());
    expect([...sends.values()].every((count) => count === 1)).toBe(true);
    expect((await db.pool.query(`SELECT count(*)::int AS n FROM outbox.messages WHERE status = 'sent' AND attempts = 1`)).rows[0]).toEqual({ n: 45 });
  });

  describe('OutboxAdmin', () => {
    const admin = () => new OutboxAdmin(db.pool, clock);

    it('lists dead letters oldest first, page by page, and sends one again with its attempts reset', async () => {
      const dead = [];
      for (let i = 0; i < 3; i++) {
        dead.push((await enqueue({ template: 'gone.sms' })).id);
        clock.advance(SECOND);
      }
      const alive = await enqueue();
      expect(await dispatcher(allTo(recorder())).drain()).toBe(1);

      const first = await admin().deadLetters({ limit: 2 });
      expect(first.map((letter) => letter.id)).toEqual(dead.slice(0, 2));
      expect(first[0]).toEqual({ id: dead[0], channel: 'sms', template: 'gone.sms', attempts: 1, lastError: 'UnknownTemplate', createdAt: expect.any(Date), deadAt: clock.now() });
      const second = await admin().deadLetters({ limit: 2, after: first[1]!.id });
      expect(second.map((letter) => letter.id)).toEqual([dead[2]]);
      await expect(admin().deadLetters({ limit: 2, after: randomUUID() })).rejects.toBeInstanceOf(UnknownOutboxCursorError);
      await expect(admin().deadLetters({ limit: 2, after: 'not-an-id' })).rejects.toBeInstanceOf(UnknownOutboxCursorError);

      expect(await admin().retry(dead[0]!)).toBe(true);
      expect(await row(dead[0]!)).toMatchObject({ status: 'pending', attempts: 0, next_attempt_at: clock.now(), dead_at: null, last_error: null });
      expect(await admin().retry(dead[0]!)).toBe(false); // no longer dead
      expect(await admin().retry(alive.id)).toBe(false); // sent
      expect(await admin().retry(randomUUID())).toBe(false);
      expect(await admin().retry('1')).toBe(false);
      // The cursor of a retried message still pages on.
      expect((await admin().deadLetters({ limit: 10, after: dead[0] })).map((letter) => letter.id)).toEqual(dead.slice(1));

      // Once its template exists, the retried message goes out.
      templates.register({ name: 'gone.sms', channel: 'sms', render: () => ({ text: 'geri geldi' }) });
      const recording = recorder();
      expect(await dispatcher(allTo(recording)).drain()).toBe(1);
      expect((await recording.recorded()).map((message) => [message.id, message.text])).toEqual([[dead[0], 'geri geldi']]);
    });
  });
});
