import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { FixedClock, uuidGenerator } from '@iys/platform/building-blocks';
import { outboxMigrations } from '@iys/platform/outbox';
import { OneTimeCodeHasher, piiMigrations, PiiVault, type EncryptedValue } from '@iys/platform/pii';
import { createTestDatabase, type TestDatabase } from '@iys/platform/testing';
import { Recipient1732300009000 } from '../../infrastructure/read-models/migrations/1732300009000-recipient.migration.js';
import type { OneTimeCodeGenerator } from './identity.tokens.js';
import { PostgresSignInCodeRecords } from '../../infrastructure/read-models/postgres-sign-in-code-records.js';
import { CODE_LIMITS, MAX_CODE_ATTEMPTS, SIGN_IN_CODE_SECONDS, SignInCodes, type CodePurpose } from './sign-in-codes.js';

const MINUTE = 60_000;

/** Codes we can read back: each issue takes the next one of a sequence no real code generator would avoid. */
class SequentialCodes implements OneTimeCodeGenerator {
  private counter = 0;
  last = '';
  next(): string {
    this.last = String(482_917 + this.counter++ * 7_919).slice(-6).padStart(6, '0');
    return this.last;
  }
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
  return 'no error';
}

describe('SignInCodes (real PostgreSQL, real vault)', () => {
  let db: TestDatabase;
  let vault: PiiVault;
  let codes: SignInCodes;
  const generator = new SequentialCodes();
  const clock = new FixedClock(new Date('2026-11-23T07:00:00.000Z'));
  let serial = 0;
  // Unique per test: no test depends on another's limits.
  const nextPhone = () => `+90533${String(4_000_000 + serial++)}`;
  const nextClient = () => `ip:198.51.100.${serial++}`;

  beforeAll(async () => {
    db = await createTestDatabase([...piiMigrations, ...outboxMigrations, Recipient1732300009000], 10);
    vault = new PiiVault({ pool: db.pool, masterKey: randomBytes(32), hmacKey: randomBytes(32), clock });
    codes = new SignInCodes(new PostgresSignInCodeRecords(db.pool, vault), clock, uuidGenerator, new OneTimeCodeHasher(randomBytes(32), 'recipient-one-time-code'), generator);
  });
  afterAll(async () => db?.drop());

  async function issue(address: string, purpose: CodePurpose = 'sign-in', client = nextClient()): Promise<{ challengeId: string; code: string }> {
    const issued = await codes.issue(address, purpose, client);
    return { challengeId: issued.challengeId, code: generator.last };
  }
  const wrong = (code: string) => (code === '000000' ? '111111' : '000000');

  it('proves the address once: the code is spent by its first use', async () => {
    const phone = nextPhone();
    const { challengeId, code } = await issue(phone);
    const proven = await codes.redeem(challengeId, code, 'sign-in');
    expect(proven).toEqual({ recipientId: await vault.findRecipientId(phone), addressKind: 'phone', address: expect.objectContaining({ kid: proven.recipientId }) });
    expect(await vault.decrypt(proven.address)).toBe(phone);
    expect(await codeOf(codes.redeem(challengeId, code, 'sign-in'))).toBe('H663');
  });

  it('answers H663 for a challenge of another purpose, and H664 for a malformed one', async () => {
    const { challengeId, code } = await issue(nextPhone(), 'add-address');
    expect(await codeOf(codes.redeem(challengeId, code, 'sign-in'))).toBe('H663');
    expect(await codeOf(codes.redeem(challengeId, code, 'call-centre'))).toBe('H663');
    expect(await codeOf(codes.redeem('not-a-challenge', code, 'add-address'))).toBe('H664');
    expect(await codeOf(codes.redeem(challengeId, '12345', 'add-address'))).toBe('H664');
    // None of that spent it.
    await codes.redeem(challengeId, code, 'add-address');
  });

  it(`allows ${MAX_CODE_ATTEMPTS - 1} wrong codes; the ${MAX_CODE_ATTEMPTS}th closes the challenge for good`, async () => {
    const phone = nextPhone();
    const tolerated = await issue(phone);
    for (let i = 0; i < MAX_CODE_ATTEMPTS - 1; i++) expect(await codeOf(codes.redeem(tolerated.challengeId, wrong(tolerated.code), 'sign-in'))).toBe('H663');
    await codes.redeem(tolerated.challengeId, tolerated.code, 'sign-in');

    const closed = await issue(phone);
    for (let i = 0; i < MAX_CODE_ATTEMPTS; i++) expect(await codeOf(codes.redeem(closed.challengeId, wrong(closed.code), 'sign-in'))).toBe('H663');
    expect(await codeOf(codes.redeem(closed.challengeId, closed.code, 'sign-in'))).toBe('H663');
    const { rows } = await db.pool.query('SELECT status, attempts FROM recipient.sign_in_codes WHERE challenge_id = $1', [closed.challengeId]);
    expect(rows[0]).toEqual({ status: 'closed', attempts: MAX_CODE_ATTEMPTS });
  });

  it(`lets a code expire ${SIGN_IN_CODE_SECONDS / 60} minutes after it was sent`, async () => {
    const phone = nextPhone();
    const inTime = await issue(phone);
    const late = await issue(phone);
    clock.advance(SIGN_IN_CODE_SECONDS * 1000 - 1);
    await codes.redeem(inTime.challengeId, inTime.code, 'sign-in');
    clock.advance(1);
    expect(await codeOf(codes.redeem(late.challengeId, late.code, 'sign-in'))).toBe('H663');
  });

  it(`sends an address ${CODE_LIMITS.perAddressShort.count} codes per ${CODE_LIMITS.perAddressShort.minutes} minutes, whoever asks (H661)`, async () => {
    const phone = nextPhone();
    for (let i = 0; i < CODE_LIMITS.perAddressShort.count; i++) await issue(phone);
    const flooded = await codes.issue(phone, 'sign-in', nextClient()).catch((error: Error) => error);
    expect(flooded).toMatchObject({ code: 'H661', location: ['recipient'] });
    expect(`${String(flooded)} ${JSON.stringify(flooded)}`).not.toContain(phone.slice(3)); // the error never quotes the address
    clock.advance(CODE_LIMITS.perAddressShort.minutes * MINUTE + 1);
    await issue(phone);
  });

  it(`sends one client ${CODE_LIMITS.perClientHour.count} codes per hour, across addresses (H662)`, async () => {
    const client = nextClient();
    for (let i = 0; i < CODE_LIMITS.perClientHour.count; i++) await issue(nextPhone(), 'sign-in', client);
    const twentyFirst = nextPhone();
    expect(await codeOf(codes.issue(twentyFirst, 'sign-in', client))).toBe('H662');
    // The address itself is not held back, and another client is not either.
    await issue(twentyFirst, 'sign-in', nextClient());
    clock.advance(CODE_LIMITS.perClientHour.minutes * MINUTE + 1);
    await issue(nextPhone(), 'sign-in', client);
  });

  it('never lets parallel requests for one address past the limit', async () => {
    const phone = nextPhone();
    const outcomes = await Promise.all(Array.from({ length: 6 }, () => codeOf(codes.issue(phone, 'sign-in', nextClient()))));
    expect(outcomes.filter((code) => code === 'no error')).toHaveLength(CODE_LIMITS.perAddressShort.count);
    expect(outcomes.filter((code) => code === 'H661')).toHaveLength(6 - CODE_LIMITS.perAddressShort.count);
    const { rows } = await db.pool.query('SELECT count(*)::int AS n FROM recipient.sign_in_codes WHERE recipient_id = $1', [await vault.findRecipientId(phone)]);
    expect(rows[0].n).toBe(CODE_LIMITS.perAddressShort.count);
  });

  it('keeps neither the code nor the address in clear: the code record and its message are sealed', async () => {
    const phone = nextPhone();
    const email = `zeynep.kaya.${serial++}@ornek.com.tr`;
    const sent = [await issue(phone), await issue(email)];
    const recipientIds = [await vault.findRecipientId(phone), await vault.findRecipientId(email)];

    const rows = async (sql: string) => (await db.pool.query<{ row: string }>(sql, [recipientIds])).rows.map((r) => r.row);
    const codeRows = await rows('SELECT row_to_json(c)::text AS row FROM recipient.sign_in_codes c WHERE recipient_id = ANY($1::uuid[])');
    const outboxRows = await rows('SELECT row_to_json(m)::text AS row FROM outbox.messages m WHERE recipient_id = ANY($1::uuid[])');
    expect(codeRows).toHaveLength(2);
    expect(outboxRows).toHaveLength(2);
    const stored = [...codeRows, ...outboxRows].join('\n');
    for (const secret of [phone, phone.slice(1), phone.slice(3), email, email.split('@')[0], ...sent.map((s) => s.code)]) {
      expect(stored).not.toContain(secret);
    }

    // Yet the message does carry them, for the dispatcher to open at the last moment.
    const { rows: messages } = await db.pool.query<{ template: string; recipient: EncryptedValue; sealed_params: EncryptedValue }>(
      'SELECT template, recipient, sealed_params FROM outbox.messages WHERE recipient_id = ANY($1::uuid[]) ORDER BY template',
      [recipientIds],
    );
    expect(messages.map((m) => m.template)).toEqual(['recipient.code.email', 'recipient.code.sms']);
    expect(await vault.decryptMany(messages.map((m) => m.recipient))).toEqual([email, phone]);
    expect((await vault.decryptMany(messages.map((m) => m.sealed_params))).map((json) => JSON.parse(json).code)).toEqual([sent[1].code, sent[0].code]);
  });
});
