import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { normaliseAddress } from './address-normaliser.js';
import { inTransaction } from '@iys/platform/database';
import { createTestDatabase, statementsOf, type TestDatabase } from '@iys/platform/testing';
import { EnvelopeIntegrityError, type EncryptedValue } from './envelope-cipher.js';
import { piiMigrations } from './index.js';
import { MASKED, PiiKeyMismatchError, PiiSubjectUnavailableError, PiiVault } from './pii-vault.js';

describe('PiiVault (PostgreSQL)', () => {
  let db: TestDatabase;
  let vault: PiiVault;
  const masterKey = randomBytes(32);
  const hmacKey = randomBytes(32);
  // Unique per test, so tests never depend on each other's registrations.
  let serial = 1_000_000;
  const nextPhone = () => `+90532${serial++}`;

  beforeAll(async () => {
    db = await createTestDatabase(piiMigrations);
    vault = new PiiVault({ pool: db.pool, masterKey, hmacKey });
  });
  afterAll(async () => db.drop());

  const registryRows = async (recipientId: string) =>
    (await db.adminQuery('SELECT count(*)::int AS n FROM pii.recipient_registry WHERE recipient_id = $1', [recipientId])).rows[0].n as number;

  it('gives one address one recipient id, whatever its spelling', async () => {
    const phone = nextPhone();
    const first = await vault.resolveRecipientId(phone);
    const again = await vault.resolveRecipientId(`${phone.slice(0, 3)} ${phone.slice(3, 6)} ${phone.slice(6)}`);
    expect(first.created).toBe(true);
    expect(again).toEqual({ recipientId: first.recipientId, normalised: { kind: 'phone', value: phone }, created: false });

    const email = await vault.resolveRecipientId('Zeynep.Kaya@Ornek.com.tr');
    const emailAgain = await vault.resolveRecipientId('  zeynep.kaya@ORNEK.COM.TR ');
    expect(emailAgain.recipientId).toBe(email.recipientId);
    expect(email.recipientId).not.toBe(first.recipientId);
    expect(await vault.findRecipientId('ZEYNEP.KAYA@ornek.com.tr')).toBe(email.recipientId);
  });

  it('stores only a keyed digest of the address, never the address or its plain hash', async () => {
    const phone = nextPhone();
    const { recipientId } = await vault.resolveRecipientId(phone);
    const { rows } = await db.adminQuery('SELECT address_hmac FROM pii.recipient_registry WHERE recipient_id = $1', [recipientId]);
    const digest = rows[0].address_hmac as Buffer;
    expect(digest).toHaveLength(32);
    expect(digest.equals(createHash('sha256').update(phone).digest())).toBe(false);
    expect(digest.toString('latin1')).not.toContain(phone);
  });

  it('finds without registering', async () => {
    const countRegistry = async () => (await db.adminQuery('SELECT count(*)::int AS n FROM pii.recipient_registry')).rows[0].n as number;
    const before = await countRegistry();
    expect(await vault.findRecipientId(nextPhone())).toBeUndefined();
    expect(await countRegistry()).toBe(before);
  });

  it('registers a new address exactly once under 20 concurrent resolutions', async () => {
    const phone = nextPhone();
    const results = await Promise.all(Array.from({ length: 20 }, () => vault.resolveRecipientId(phone)));
    const ids = new Set(results.map((result) => result.recipientId));
    expect(ids.size).toBe(1);
    expect(results.filter((result) => result.created)).toHaveLength(1);
    const [recipientId] = [...ids];
    expect(await registryRows(recipientId!)).toBe(1);
    // The losers must not leave orphan keys behind.
    const keys = await db.adminQuery(
      'SELECT count(*)::int AS n FROM pii.subject_keys k WHERE NOT EXISTS (SELECT 1 FROM pii.recipient_registry r WHERE r.recipient_id = k.recipient_id) AND k.shredded_at IS NULL',
    );
    expect(keys.rows[0].n).toBe(0);
  });

  it('joins the caller’s transaction: a rollback leaves no registration', async () => {
    const phone = nextPhone();
    const failure = new Error('business rule failed');
    await expect(
      inTransaction(db.pool, async (tx) => {
        const { recipientId } = await vault.resolveRecipientId(phone, tx);
        const value = await vault.encrypt(recipientId, phone, tx);
        expect(await vault.decrypt(value, tx)).toBe(phone);
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await vault.findRecipientId(phone)).toBeUndefined();
  });

  it('round-trips a value and stores no plaintext next to it', async () => {
    const phone = nextPhone();
    const { recipientId } = await vault.resolveRecipientId(phone);
    const value = await vault.encrypt(recipientId, phone);
    expect(value.kid).toBe(recipientId);
    expect(await vault.decrypt(value)).toBe(phone);

    await db.adminQuery('CREATE TABLE IF NOT EXISTS public.sample_events (payload jsonb NOT NULL)');
    await db.adminQuery('INSERT INTO public.sample_events (payload) VALUES ($1)', [JSON.stringify({ recipient: value })]);
    const stored = await db.adminQuery('SELECT payload FROM public.sample_events');
    const dump = JSON.stringify(stored.rows);
    expect(dump).toContain(value.ct);
    expect(dump).not.toContain(phone.slice(1));
    const keyRow = await db.adminQuery('SELECT wrapped_dek FROM pii.subject_keys WHERE recipient_id = $1', [recipientId]);
    expect((keyRow.rows[0].wrapped_dek as Buffer).toString('latin1')).not.toContain(phone);
  });

  it('encrypts and decrypts many subjects at once', async () => {
    const subjects = await Promise.all([nextPhone(), nextPhone(), nextPhone()].map((phone) => vault.resolveRecipientId(phone)));
    const items = subjects.map((subject) => ({ recipientId: subject.recipientId, plaintext: subject.normalised.value }));
    const values = await vault.encryptMany(items);
    expect(values.map((value) => value.kid)).toEqual(items.map((item) => item.recipientId));
    expect(await vault.decryptMany(values)).toEqual(items.map((item) => item.plaintext));
    await expect(vault.encrypt('6f1c1f0e-0000-4000-8000-000000000000', 'x')).rejects.toMatchObject({ state: 'unknown' });
  });

  it('shreds a subject: masked values, no registration, no key, and a new subject on return', async () => {
    const phone = nextPhone();
    const { recipientId } = await vault.resolveRecipientId(phone);
    const value = await vault.encrypt(recipientId, 'Ayşe Yılmaz');
    expect(await vault.decrypt(value)).toBe('Ayşe Yılmaz'); // the key is now cached: shredding must evict it
    expect(await vault.isShredded(recipientId)).toBe(false);

    await vault.shred(recipientId);

    expect(await vault.decrypt(value)).toBe(MASKED);
    expect(await vault.findRecipientId(phone)).toBeUndefined();
    expect(await vault.isShredded(recipientId)).toBe(true);
    expect(await registryRows(recipientId)).toBe(0);
    const keyRow = await db.adminQuery('SELECT wrapped_dek, shredded_at FROM pii.subject_keys WHERE recipient_id = $1', [recipientId]);
    expect(keyRow.rows[0].wrapped_dek).toBeNull();
    expect(keyRow.rows[0].shredded_at).toBeInstanceOf(Date);
    await expect(vault.encrypt(recipientId, 'again')).rejects.toThrow(PiiSubjectUnavailableError);
    await expect(vault.shred(recipientId)).resolves.toBeUndefined();

    const reborn = await vault.resolveRecipientId(phone);
    expect(reborn.created).toBe(true);
    expect(reborn.recipientId).not.toBe(recipientId);
    expect(await vault.decrypt(value)).toBe(MASKED);
  });

  it('creates a subject of its own (no address), shreds it alone, and never revives it', async () => {
    const { recipientId } = await vault.resolveRecipientId(nextPhone());
    const theirs = await vault.encrypt(recipientId, 'Ayşe Yılmaz');
    const recordId = '7c0f9a52-5d1e-4b7a-9c3e-0a1b2c3d4e5f';
    await expect(vault.encrypt(recordId, 'x')).rejects.toThrow(PiiSubjectUnavailableError);
    await vault.createSubject(recordId);
    await vault.createSubject(recordId.toUpperCase()); // idempotent: the key stays
    const own = await vault.encrypt(recordId, 'Şikayet metni');
    const restarted = new PiiVault({ pool: db.pool, masterKey: Buffer.from(masterKey), hmacKey: Buffer.from(hmacKey) });
    expect(await restarted.decrypt(own)).toBe('Şikayet metni');
    expect(await registryRows(recordId)).toBe(0);

    await vault.shred(recordId);
    expect(await vault.decrypt(own)).toBe(MASKED);
    expect(await vault.decrypt(theirs)).toBe('Ayşe Yılmaz');
    await vault.createSubject(recordId);
    expect(await vault.isShredded(recordId)).toBe(true);
    await expect(vault.encrypt(recordId, 'again')).rejects.toThrow(PiiSubjectUnavailableError);
    await expect(vault.createSubject('not-a-uuid')).rejects.toThrow(PiiSubjectUnavailableError);
  });

  it('tells erased subjects from ones that never existed', async () => {
    const unknown = '2b1d4c7e-1111-4222-8333-444455556666';
    expect(await vault.isShredded(unknown)).toBe(false);
    await expect(vault.shred(unknown)).rejects.toMatchObject({ state: 'unknown' });
    const orphan: EncryptedValue = { $enc: 'v1', kid: unknown, iv: '', ct: '', tag: '' };
    expect(await vault.decrypt(orphan)).toBe(MASKED);
  });

  it('decrypts existing values from a new instance with a cold cache (keys persist, wrapped)', async () => {
    const { recipientId } = await vault.resolveRecipientId(nextPhone());
    const value = await vault.encrypt(recipientId, 'Mehmet Demir');
    const restarted = new PiiVault({ pool: db.pool, masterKey: Buffer.from(masterKey), hmacKey: Buffer.from(hmacKey) });
    expect(await restarted.decrypt(value)).toBe('Mehmet Demir');
  });

  it('refuses tampered values instead of masking them', async () => {
    const { recipientId } = await vault.resolveRecipientId(nextPhone());
    const value = await vault.encrypt(recipientId, 'Mehmet Demir');
    const other = await vault.resolveRecipientId(nextPhone());
    await expect(vault.decrypt({ ...value, kid: other.recipientId })).rejects.toThrow(EnvelopeIntegrityError);
  });

  // Chosen behaviour: a wrong master key throws. Masking would disguise a misconfiguration as erasure.
  it('throws PiiKeyMismatchError under a different master key', async () => {
    const phone = nextPhone();
    const { recipientId } = await vault.resolveRecipientId(phone);
    const value = await vault.encrypt(recipientId, 'Fatma Şahin');
    const misconfigured = new PiiVault({ pool: db.pool, masterKey: randomBytes(32), hmacKey });

    const error = await misconfigured.decrypt(value).then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(PiiKeyMismatchError);
    expect(error).toMatchObject({ recipientId, storedKekId: vault.kekId, configuredKekId: misconfigured.kekId });
    await expect(misconfigured.encrypt(recipientId, 'x')).rejects.toThrow(PiiKeyMismatchError);
    // Lookups need only the HMAC key, so they keep working.
    expect(await misconfigured.findRecipientId(phone)).toBe(recipientId);
  });

  it('opens many values on worker threads exactly as decryptMany does: masked, unknown, key mismatch and tampering alike', async () => {
    const subjects = await Promise.all(Array.from({ length: 6 }, () => vault.resolveRecipientId(nextPhone())));
    const values = await vault.encryptMany(subjects.flatMap((subject) => [0, 1].map((n) => ({ recipientId: subject.recipientId, plaintext: `${subject.normalised.value} Şahin ${n}` }))));
    await vault.shred(subjects[2].recipientId);
    const unknown: EncryptedValue = { ...values[0], kid: '6f1c1f0e-0000-4000-8000-000000000000' };
    const upperCased: EncryptedValue = { ...values[1], kid: values[1].kid.toUpperCase() }; // sealed under the id as written: AAD differs
    const all = [...values, unknown, { ...values[3], kid: 'not-a-uuid' }];
    const offThread = new PiiVault({ pool: db.pool, masterKey, hmacKey, decryptionWorkers: 2 });
    try {
      const opened = await Promise.all([offThread.decryptManyOffThread(all), offThread.decryptManyOffThread(all.slice(3))]);
      expect(opened).toEqual([await vault.decryptMany(all), await vault.decryptMany(all.slice(3))]);
      expect(opened[0].filter((text) => text === MASKED)).toHaveLength(4);
      expect(await offThread.decryptManyOffThread([])).toEqual([]);
      await expect(offThread.decryptManyOffThread([upperCased])).rejects.toThrow(EnvelopeIntegrityError);
      await expect(offThread.decryptManyOffThread([{ ...values[0], kid: subjects[1].recipientId }])).rejects.toThrow(EnvelopeIntegrityError);
      await expect(new PiiVault({ pool: db.pool, masterKey: randomBytes(32), hmacKey }).decryptManyOffThread([values[0]])).rejects.toThrow(PiiKeyMismatchError);
      // A batch past the workers' small heaps kills its worker; the vault's next call gets a fresh pool.
      const oversized = Array.from({ length: 400_000 }, (_, i) => ({ ...values[0], kid: `not-a-subject-${i}`, ct: `${values[0].ct}${i}` }));
      await expect(offThread.decryptManyOffThread(oversized)).rejects.toMatchObject({ code: 'ERR_WORKER_OUT_OF_MEMORY' });
      expect(await offThread.decryptManyOffThread(all)).toEqual(await vault.decryptMany(all));
    } finally {
      await offThread.closeWorkers();
    }
  });

  it('resolves many addresses at once, consistently with single resolution, also under concurrency', async () => {
    const known = nextPhone();
    const { recipientId: knownId } = await vault.resolveRecipientId(known);
    const fresh = Array.from({ length: 40 }, () => nextPhone());
    const batch = [known, ...fresh, fresh[0]].map((address) => normaliseAddress(address));
    const [first, second] = await Promise.all([vault.resolveMany(batch), vault.resolveMany([...batch].reverse())]);
    expect(first[0]).toBe(knownId);
    expect(first.at(-1)).toBe(first[1]);
    expect([...second].reverse()).toEqual(first);
    expect(await vault.findRecipientId(fresh[5])).toBe(first[6]);
    const found = await vault.findMany([normaliseAddress(fresh[5]), normaliseAddress(nextPhone())]);
    expect(found).toEqual([first[6], undefined]);
    const { rows } = await db.pool.query('SELECT count(*)::int AS n FROM pii.subject_keys WHERE recipient_id = ANY($1::uuid[])', [first]);
    expect(rows[0].n).toBe(41);
  });

  it('looks up and registers a few addresses in one statement, naming only the new ones as registered, also under concurrency', async () => {
    const known = nextPhone();
    const { recipientId: knownId } = await vault.resolveRecipientId(known);
    const fresh = nextPhone();
    let outcome: Awaited<ReturnType<PiiVault['registerMany']>> | undefined;
    const statements = await statementsOf(async () => {
      outcome = await vault.registerMany([known, fresh, known].map((address) => normaliseAddress(address)));
    });
    expect(statements).toHaveLength(1);
    expect(outcome!.ids[0]).toBe(knownId);
    expect(outcome!.ids[2]).toBe(knownId);
    expect([...outcome!.registered]).toEqual([outcome!.ids[1]]);
    expect(await vault.findRecipientId(fresh)).toBe(outcome!.ids[1]);

    const contested = nextPhone();
    const results = await Promise.all(Array.from({ length: 10 }, () => vault.registerMany([normaliseAddress(contested)])));
    expect(new Set(results.map((r) => r.ids[0])).size).toBe(1);
    expect(results.filter((r) => r.registered.size === 1)).toHaveLength(1);
    expect(await registryRows(results[0].ids[0])).toBe(1);
  });
});
