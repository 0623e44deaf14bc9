import { availableParallelism } from 'node:os';
import type pg from 'pg';
import { derivePurposeKey, systemClock, uuidGenerator, WorkerPool, type Clock, type IdGenerator } from '@iys/platform/building-blocks';
import type { SqlExecutor } from '@iys/platform/database';
import { addressDigester, packedAddressDigester } from './address-hmac.js';
import { normaliseAddress, type NormalisedAddress } from './address-normaliser.js';
import { decryptionWorkerSource, type DecryptionBatch } from './off-thread-decryption.js';
import { DataKeyCache, SHREDDED, type CachedKey } from './data-key-cache.js';
import {
  EnvelopeIntegrityError,
  decryptValue,
  encryptValue,
  generateDataKey,
  kekIdOf,
  unwrapDataKey,
  wrapDataKey,
  type EncryptedValue,
} from './envelope-cipher.js';

/** Heap of each decryption worker, in MB: a batch is a thousand values of a few hundred bytes. */
const DECRYPTION_WORKER_HEAP = { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 32 };

/** What a reader sees in place of a value whose subject has been erased. */
export const MASKED = '***';

export interface PiiVaultOptions {
  pool: pg.Pool;
  masterKey: Buffer;
  hmacKey: Buffer;
  ids?: IdGenerator;
  clock?: Clock;
  /** Unwrapped data keys kept in memory (default 10 000). */
  keyCacheSize?: number;
  /** Longest time a cached key is trusted, which bounds how stale another process's shred can be (default 60 s). */
  keyCacheTtlMs?: number;
  /** Called (and awaited) after a shred: the machine's other API processes forget the key too (docs/adr/0058). */
  onShred?: (recipientId: string) => Promise<unknown>;
  /** Worker threads of `decryptManyOffThread`, started on its first call (default: `os.availableParallelism()`). */
  decryptionWorkers?: number;
}

export interface ResolvedRecipient {
  recipientId: string;
  normalised: NormalisedAddress;
  created: boolean;
}

export interface PlaintextForRecipient {
  recipientId: string;
  plaintext: string;
}

/**
 * A subject's key was wrapped under another master key. Thrown rather than masked: masking would make
 * a misconfigured deployment look like mass erasure and write '***' into every projection it rebuilds.
 */
export class PiiKeyMismatchError extends Error {
  constructor(
    readonly recipientId: string,
    readonly storedKekId: string,
    readonly configuredKekId: string,
  ) {
    super(`data key of recipient ${recipientId} is wrapped by master key ${storedKekId}, but ${configuredKekId} is configured`);
    this.name = 'PiiKeyMismatchError';
  }
}

/** Encrypting for a subject that was never registered or has been erased: there is no key to use. */
export class PiiSubjectUnavailableError extends Error {
  constructor(
    readonly recipientId: string,
    readonly state: 'unknown' | 'shredded',
  ) {
    super(`recipient ${recipientId} has no data key (${state})`);
    this.name = 'PiiSubjectUnavailableError';
  }
}

// Ids are compared lower-cased, as PostgreSQL prints uuids.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface SubjectKeyRow {
  recipient_id: string;
  wrapped_dek: Buffer | null;
  kek_id: string;
}

/** Up to this many distinct addresses, registerMany looks up and registers in one statement (docs/adr/0063). */
const FIND_OR_REGISTER_AT_ONCE = 8;

/** Registers the subjects of $1 (digests) under $2 (ids) with their wrapped keys $3; names what it registered. */
const REGISTER = `WITH registered AS (
   INSERT INTO pii.recipient_registry (address_hmac, recipient_id, created_at)
   SELECT digest, id, $4 FROM unnest($1::bytea[], $2::uuid[]) AS n(digest, id)
   ON CONFLICT (address_hmac) DO NOTHING
   RETURNING address_hmac, recipient_id),
 keyed AS (
   INSERT INTO pii.subject_keys (recipient_id, wrapped_dek, kek_id, created_at)
   SELECT r.recipient_id, k.wrapped, $5, $4 FROM registered r JOIN unnest($2::uuid[], $3::bytea[]) AS k(id, wrapped) ON k.id = r.recipient_id)
 SELECT address_hmac, recipient_id, true AS created FROM registered`;

/** REGISTER of the digests not yet known, and the known ones' ids: look-up and registration in one round trip. */
const FIND_OR_REGISTER = `WITH known AS (
   SELECT address_hmac, recipient_id FROM pii.recipient_registry WHERE address_hmac = ANY($1::bytea[])),
 registered AS (
   INSERT INTO pii.recipient_registry (address_hmac, recipient_id, created_at)
   SELECT digest, id, $4 FROM unnest($1::bytea[], $2::uuid[]) AS n(digest, id)
    WHERE NOT EXISTS (SELECT 1 FROM known k WHERE k.address_hmac = n.digest)
   ON CONFLICT (address_hmac) DO NOTHING
   RETURNING address_hmac, recipient_id),
 keyed AS (
   INSERT INTO pii.subject_keys (recipient_id, wrapped_dek, kek_id, created_at)
   SELECT r.recipient_id, k.wrapped, $5, $4 FROM registered r JOIN unnest($2::uuid[], $3::bytea[]) AS k(id, wrapped) ON k.id = r.recipient_id)
 SELECT address_hmac, recipient_id, true AS created FROM registered
 UNION ALL SELECT address_hmac, recipient_id, false FROM known`;

/**
 * The personal-data vault. Addresses become opaque recipient ids through a keyed digest; values are
 * encrypted under a per-subject data key wrapped by the master key; `shred` destroys that key, which
 * erases every copy of the subject's data in the event store at once (crypto-shredding).
 */
export class PiiVault {
  private readonly pool: pg.Pool;
  private readonly masterKey: Buffer;
  private readonly ids: IdGenerator;
  private readonly clock: Clock;
  private readonly keys: DataKeyCache;
  private readonly digest: (address: NormalisedAddress) => Buffer;
  private readonly packedDigests: (values: readonly (string | null)[]) => Buffer;
  readonly kekId: string;
  private readonly onShred?: (recipientId: string) => Promise<unknown>;
  private readonly decryptionWorkers: number;
  private decryption?: WorkerPool<DecryptionBatch, string[]>;

  constructor(options: PiiVaultOptions) {
    this.onShred = options.onShred;
    this.decryptionWorkers = options.decryptionWorkers ?? availableParallelism();
    this.pool = options.pool;
    this.masterKey = Buffer.from(options.masterKey);
    this.digest = addressDigester(Buffer.from(options.hmacKey));
    this.packedDigests = packedAddressDigester(Buffer.from(options.hmacKey));
    this.kekId = kekIdOf(this.masterKey);
    this.ids = options.ids ?? uuidGenerator;
    this.clock = options.clock ?? systemClock;
    this.keys = new DataKeyCache(options.keyCacheSize ?? 10_000, options.keyCacheTtlMs ?? 60_000, this.clock);
  }

  /**
   * A 256-bit key for personal data that belongs to no single subject (a day's movement file, which
   * lists many), derived from the master key for `purpose`. Such data is not crypto-shredded with a
   * subject: whoever stores it must delete it when one of its subjects is erased.
   */
  deriveKey(purpose: string): Buffer {
    return derivePurposeKey(this.masterKey, purpose, 'iys-vault');
  }

  /**
   * The recipient id of an address, registering the address with a fresh id and data key when it is
   * new. Pass the caller's transaction as `executor` to make the registration part of it.
   */
  async resolveRecipientId(address: string, executor: SqlExecutor = this.pool): Promise<ResolvedRecipient> {
    const normalised = normaliseAddress(address);
    const digest = this.digest(normalised);
    const existing = await this.lookup(digest, executor);
    if (existing) return { recipientId: existing, normalised, created: false };

    const recipientId = this.ids.next().toLowerCase();
    const dataKey = generateDataKey();
    // One statement: the key row is written only if this call won the address, so a lost race leaves
    // nothing behind. A concurrent insert makes ON CONFLICT wait for it, then the re-select sees it.
    const inserted = await executor.query(
      `WITH registered AS (
         INSERT INTO pii.recipient_registry (address_hmac, recipient_id, created_at) VALUES ($1, $2, $5)
         ON CONFLICT (address_hmac) DO NOTHING
         RETURNING recipient_id)
       INSERT INTO pii.subject_keys (recipient_id, wrapped_dek, kek_id, created_at)
       SELECT recipient_id, $3, $4, $5 FROM registered`,
      [digest, recipientId, wrapDataKey(this.masterKey, dataKey, recipientId), this.kekId, this.clock.now()],
    );
    if (inserted.rowCount === 1) {
      // Safe even if the caller's transaction rolls back: the id is random and will never be reused.
      this.keys.set(recipientId, dataKey);
      return { recipientId, normalised, created: true };
    }
    const winner = await this.lookup(digest, executor);
    if (!winner) throw new Error('recipient registration lost a race but the winning row is not visible (repeatable-read transaction?)');
    return { recipientId: winner, normalised, created: false };
  }

  /**
   * A data subject of its own for a record that holds personal data but is not an address (e.g. a
   * complaint, docs/adr/0050): a fresh data key under `subjectId`, which no address resolves to. Shredding
   * it erases that record's sealed values only. Idempotent: an existing subject keeps its key.
   */
  async createSubject(subjectId: string, executor: SqlExecutor = this.pool): Promise<void> {
    const id = subjectId.toLowerCase();
    if (!UUID.test(id)) throw new PiiSubjectUnavailableError(subjectId, 'unknown');
    const dataKey = generateDataKey();
    const inserted = await executor.query(
      `INSERT INTO pii.subject_keys (recipient_id, wrapped_dek, kek_id, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (recipient_id) DO NOTHING`,
      [id, wrapDataKey(this.masterKey, dataKey, id), this.kekId, this.clock.now()],
    );
    if (inserted.rowCount === 1) this.keys.set(id, dataKey);
  }

  /**
   * `resolveRecipientId` for many already-normalised addresses in a few statements (bulk uploads):
   * one lookup, one insert of the new ones, one re-select of any lost to a concurrent writer.
   * New addresses are inserted in digest order, so two overlapping batches cannot deadlock.
   */
  async resolveMany(addresses: readonly NormalisedAddress[], executor: SqlExecutor = this.pool): Promise<string[]> {
    return (await this.registerMany(addresses, executor)).ids;
  }

  /**
   * `resolveMany`, also naming the subjects this call registered: nothing can have been written
   * under their ids yet, which spares a writer the read of streams that cannot exist.
   */
  async registerMany(addresses: readonly NormalisedAddress[], executor: SqlExecutor = this.pool): Promise<{ ids: string[]; registered: ReadonlySet<string> }> {
    const digests = this.digestsOf(addresses);
    const created = new Set<string>();
    const unique = [...new Map(digests.map((d) => [d.toString('hex'), d])).values()].sort(Buffer.compare);
    // A few addresses (C1) are looked up and, the unknown ones, registered in one statement: a key is
    // made for each, used only if it is new. Many are looked up first, so keys are made for the new only.
    const few = unique.length <= FIND_OR_REGISTER_AT_ONCE;
    const known = few ? new Map<string, string>() : await this.lookupMany(unique, executor);
    const missing = few ? unique : unique.filter((d) => !known.has(d.toString('hex')));
    if (missing.length > 0) {
      const ids = missing.map(() => this.ids.next().toLowerCase());
      const dataKeys = ids.map(() => generateDataKey());
      // One round trip registers the new subjects and their keys and names what it registered; only
      // addresses whose registration a concurrent caller won need a second look.
      const registered = await executor.query<{ address_hmac: Buffer; recipient_id: string; created: boolean }>(
        few ? FIND_OR_REGISTER : REGISTER,
        [missing, ids, ids.map((id, i) => wrapDataKey(this.masterKey, dataKeys[i]!, id)), this.clock.now(), this.kekId],
      );
      const keyOf = new Map(ids.map((id, i) => [id, dataKeys[i]!]));
      for (const row of registered.rows) {
        known.set(row.address_hmac.toString('hex'), row.recipient_id);
        if (!row.created) continue;
        created.add(row.recipient_id);
        this.keys.set(row.recipient_id, keyOf.get(row.recipient_id)!);
      }
      const lostRaces = missing.filter((digest) => !known.has(digest.toString('hex')));
      for (const [hex, id] of await this.lookupMany(lostRaces, executor)) known.set(hex, id);
    }
    const ids = digests.map((digest) => {
      const id = known.get(digest.toString('hex'));
      if (!id) throw new Error('recipient registration lost a race but the winning row is not visible (repeatable-read transaction?)');
      return id;
    });
    return { ids, registered: created };
  }

  /**
   * The lookup pseudonyms (`pii.recipient_registry.address_hmac`) of normalised addresses, for a
   * query that joins the registry itself to answer in one statement (the operator gate).
   */
  digestsOf(addresses: readonly NormalisedAddress[]): Buffer[] {
    return addresses.map(this.digest);
  }

  /**
   * The same pseudonyms as `digestsOf`, as one buffer of 32 bytes each in input order (zeros where
   * the input is null): a bulk read's one bytea parameter, computed without an object per address.
   */
  packedDigestsOf(addresses: readonly (NormalisedAddress | null)[]): Buffer {
    const values: (string | null)[] = new Array(addresses.length);
    for (let i = 0; i < addresses.length; i++) values[i] = addresses[i]?.value ?? null;
    return this.packedDigests(values);
  }

  /** Recipient ids of already-normalised addresses; undefined where unknown or erased. One query. */
  async findMany(addresses: readonly NormalisedAddress[], executor: SqlExecutor = this.pool): Promise<(string | undefined)[]> {
    const digests = this.digestsOf(addresses);
    const known = await this.lookupMany(digests, executor);
    return digests.map((digest) => known.get(digest.toString('hex')));
  }

  /** The recipient id of an address, or undefined if the address is unknown or its subject erased. */
  async findRecipientId(address: string, executor: SqlExecutor = this.pool): Promise<string | undefined> {
    return this.lookup(this.digest(normaliseAddress(address)), executor);
  }

  async encrypt(recipientId: string, plaintext: string, executor?: SqlExecutor): Promise<EncryptedValue> {
    const [value] = await this.encryptMany([{ recipientId, plaintext }], executor);
    return value!;
  }

  /** Encrypts values for many subjects with one key query for those not cached. */
  async encryptMany(items: readonly PlaintextForRecipient[], executor?: SqlExecutor): Promise<EncryptedValue[]> {
    const ids = items.map((item) => item.recipientId.toLowerCase());
    const keys = await this.dataKeys(ids, executor);
    return items.map((item, index) => {
      const recipientId = ids[index]!;
      const key = keys.get(recipientId);
      if (key === undefined) throw new PiiSubjectUnavailableError(recipientId, 'unknown');
      if (key === SHREDDED) throw new PiiSubjectUnavailableError(recipientId, 'shredded');
      return encryptValue(key, recipientId, item.plaintext);
    });
  }

  /**
   * The plaintext, or MASKED when the subject has been shredded or never existed. Throws
   * PiiKeyMismatchError under the wrong master key and EnvelopeIntegrityError on tampered data.
   */
  async decrypt(value: EncryptedValue, executor?: SqlExecutor): Promise<string> {
    const [plaintext] = await this.decryptMany([value], executor);
    return plaintext!;
  }

  async decryptMany(values: readonly EncryptedValue[], executor?: SqlExecutor): Promise<string[]> {
    const ids = values.map((value) => value.kid.toLowerCase());
    const keys = await this.dataKeys(ids, executor);
    return values.map((value, index) => {
      const key = keys.get(ids[index]!);
      return key === undefined || key === SHREDDED ? MASKED : decryptValue(key, value);
    });
  }

  /**
   * `decryptMany` for bulk reads (a day's movement file): the same plaintexts, opened on the vault's
   * worker threads so that the calling thread only reads the key rows; calls in flight at once are
   * opened in parallel. The keys are read through `executor` and never cached (a bulk read would
   * only evict the keys request paths reuse). Same errors as `decryptMany`.
   */
  async decryptManyOffThread(values: readonly EncryptedValue[], executor: SqlExecutor = this.pool): Promise<string[]> {
    if (values.length === 0) return [];
    const ids = values.map((value) => value.kid.toLowerCase());
    const rows = await this.keyRows(new Set(ids.filter((id) => UUID.test(id))), executor);
    const keys: DecryptionBatch['keys'] = rows.map((row) => {
      if (row.wrapped_dek !== null && row.kek_id !== this.kekId) throw new PiiKeyMismatchError(row.recipient_id, row.kek_id, this.kekId);
      return [row.recipient_id, row.wrapped_dek];
    });
    // Each batch's garbage dies young: small heaps keep the workers' memory flat (docs/adr/0068).
    // A pool that lost a worker (out of memory, say) stays failed; the vault outlives it, so it starts a fresh one.
    if (this.decryption?.broken) void this.closeWorkers();
    this.decryption ??= new WorkerPool(decryptionWorkerSource(), this.decryptionWorkers, { workerData: { masterKey: this.masterKey }, resourceLimits: DECRYPTION_WORKER_HEAP });
    return this.decryption.run({ keys, values: values.map((value, i) => [ids[i]!, value.kid, value.iv, value.ct, value.tag]), masked: MASKED }).catch((error: Error) => {
      throw error.name === 'EnvelopeIntegrityError' ? new EnvelopeIntegrityError(error.message) : error;
    });
  }

  /** Stops the worker threads of `decryptManyOffThread` (started again on its next call). */
  async closeWorkers(): Promise<void> {
    const pool = this.decryption;
    this.decryption = undefined;
    await pool?.close();
  }

  /**
   * Erases a subject: the address no longer resolves to it and its data key is destroyed. Idempotent;
   * a later resolve of the same address mints a new subject.
   */
  async shred(recipientId: string, executor: SqlExecutor = this.pool): Promise<void> {
    const id = recipientId.toLowerCase();
    if (!UUID.test(id)) throw new PiiSubjectUnavailableError(recipientId, 'unknown');
    // One statement, so it is atomic without needing a transaction of its own.
    const result = await executor.query(
      `WITH unregistered AS (DELETE FROM pii.recipient_registry WHERE recipient_id = $1)
       UPDATE pii.subject_keys SET wrapped_dek = NULL, shredded_at = COALESCE(shredded_at, $2)
       WHERE recipient_id = $1`,
      [id, this.clock.now()],
    );
    this.keys.evict(id);
    if (result.rowCount === 0) throw new PiiSubjectUnavailableError(id, 'unknown');
    await this.onShred?.(id);
  }

  /** Another process of the machine shredded this subject: its cached key goes now, not at its age limit. */
  forgetKey(recipientId: string): void {
    this.keys.evict(recipientId.toLowerCase());
  }

  async isShredded(recipientId: string, executor: SqlExecutor = this.pool): Promise<boolean> {
    const id = recipientId.toLowerCase();
    if (!UUID.test(id)) return false;
    const result = await executor.query<{ shredded: boolean }>(
      `SELECT shredded_at IS NOT NULL AS shredded FROM pii.subject_keys WHERE recipient_id = $1`,
      [id],
    );
    return result.rows[0]?.shredded ?? false;
  }

  private async lookupMany(digests: readonly Buffer[], executor: SqlExecutor): Promise<Map<string, string>> {
    if (digests.length === 0) return new Map();
    const result = await executor.query<{ address_hmac: Buffer; recipient_id: string }>(
      `SELECT address_hmac, recipient_id FROM pii.recipient_registry WHERE address_hmac = ANY($1::bytea[])`,
      [digests],
    );
    return new Map(result.rows.map((row) => [row.address_hmac.toString('hex'), row.recipient_id]));
  }

  private async lookup(digest: Buffer, executor: SqlExecutor): Promise<string | undefined> {
    const result = await executor.query<{ recipient_id: string }>(
      `SELECT recipient_id FROM pii.recipient_registry WHERE address_hmac = $1`,
      [digest],
    );
    return result.rows[0]?.recipient_id;
  }

  /** Keys for the given subjects, from the cache or one `= ANY` query; unknown subjects are absent. */
  private async dataKeys(recipientIds: readonly string[], executor?: SqlExecutor): Promise<Map<string, CachedKey>> {
    const found = new Map<string, CachedKey>();
    const missing = new Set<string>();
    for (const id of recipientIds) {
      const cached = this.keys.get(id);
      if (cached !== undefined) found.set(id, cached);
      else if (UUID.test(id)) missing.add(id);
    }
    if (missing.size === 0) return found;

    const evictionsBefore = this.keys.evictions;
    const rows = await this.keyRows(missing, executor ?? this.pool);
    // Skip caching if a shred happened meanwhile (the rows may predate it), or if the rows came
    // through a caller's transaction whose uncommitted shred could still roll back.
    const cacheable = executor === undefined && this.keys.evictions === evictionsBefore;
    for (const row of rows) {
      const key = this.unwrap(row);
      found.set(row.recipient_id, key);
      if (cacheable) this.keys.set(row.recipient_id, key);
    }
    return found;
  }

  private async keyRows(ids: ReadonlySet<string>, executor: SqlExecutor): Promise<SubjectKeyRow[]> {
    const result = await executor.query<SubjectKeyRow>(`SELECT recipient_id, wrapped_dek, kek_id FROM pii.subject_keys WHERE recipient_id = ANY($1::uuid[])`, [[...ids]]);
    return result.rows;
  }

  private unwrap(row: SubjectKeyRow): CachedKey {
    if (row.wrapped_dek === null) return SHREDDED;
    if (row.kek_id !== this.kekId) throw new PiiKeyMismatchError(row.recipient_id, row.kek_id, this.kekId);
    return unwrapDataKey(this.masterKey, row.wrapped_dek, row.recipient_id);
  }
}
