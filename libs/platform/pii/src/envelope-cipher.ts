import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const ALGORITHM = 'aes-256-gcm';
export const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * A personal value encrypted under its subject's data key. Plain JSON so it can sit inside event
 * payloads; `kid` is the recipient id, which names the key and is bound in as associated data.
 */
// A type alias, not an interface: it must be assignable to the event store's JSON payload types.
export type EncryptedValue = {
  $enc: 'v1';
  kid: string;
  iv: string;
  ct: string;
  tag: string;
};

export function isEncryptedValue(value: unknown): value is EncryptedValue {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return (
    candidate.$enc === 'v1' &&
    typeof candidate.kid === 'string' &&
    typeof candidate.iv === 'string' &&
    typeof candidate.ct === 'string' &&
    typeof candidate.tag === 'string'
  );
}

/** GCM authentication failed: a wrong key, a ciphertext moved to another subject, or tampering. */
export class EnvelopeIntegrityError extends Error {
  constructor(message = 'encrypted data failed authentication (wrong key, wrong subject or tampered)') {
    super(message);
    this.name = 'EnvelopeIntegrityError';
  }
}

export function generateDataKey(): Buffer {
  return randomBytes(KEY_BYTES);
}

/** A short public fingerprint of a master key, stored beside each wrapped key so keys can rotate. */
export function kekIdOf(masterKey: Buffer): string {
  assertKey(masterKey, 'master key');
  return createHash('sha256').update(masterKey).digest('hex').slice(0, 8);
}

/** Wrapped layout: iv ‖ tag ‖ ciphertext, one bytea column. */
export function wrapDataKey(masterKey: Buffer, dataKey: Buffer, recipientId: string): Buffer {
  assertKey(dataKey, 'data key');
  const sealed = seal(masterKey, dataKey, recipientId);
  return Buffer.concat([sealed.iv, sealed.tag, sealed.ct]);
}

export function unwrapDataKey(masterKey: Buffer, wrapped: Buffer, recipientId: string): Buffer {
  if (wrapped.length !== IV_BYTES + TAG_BYTES + KEY_BYTES) throw new EnvelopeIntegrityError('wrapped data key has the wrong length');
  return open(masterKey, {
    iv: wrapped.subarray(0, IV_BYTES),
    tag: wrapped.subarray(IV_BYTES, IV_BYTES + TAG_BYTES),
    ct: wrapped.subarray(IV_BYTES + TAG_BYTES),
  }, recipientId);
}

export function encryptValue(dataKey: Buffer, recipientId: string, plaintext: string): EncryptedValue {
  const sealed = seal(dataKey, Buffer.from(plaintext, 'utf8'), recipientId);
  return {
    $enc: 'v1',
    kid: recipientId,
    iv: sealed.iv.toString('base64'),
    ct: sealed.ct.toString('base64'),
    tag: sealed.tag.toString('base64'),
  };
}

export function decryptValue(dataKey: Buffer, value: EncryptedValue): string {
  const plaintext = open(dataKey, {
    iv: Buffer.from(value.iv, 'base64'),
    ct: Buffer.from(value.ct, 'base64'),
    tag: Buffer.from(value.tag, 'base64'),
  }, value.kid);
  return plaintext.toString('utf8');
}

interface Sealed {
  iv: Buffer;
  ct: Buffer;
  tag: Buffer;
}

// The recipient id is the associated data, so a ciphertext or wrapped key copied onto another
// subject fails authentication instead of decrypting under the wrong identity.
function seal(key: Buffer, plaintext: Buffer, recipientId: string): Sealed {
  assertKey(key, 'key');
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(recipientId, 'utf8'));
  const ct = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { iv, ct, tag: cipher.getAuthTag() };
}

function open(key: Buffer, sealed: Sealed, recipientId: string): Buffer {
  assertKey(key, 'key');
  // Fixed lengths: GCM would otherwise accept a truncated tag, weakening authentication.
  if (sealed.iv.length !== IV_BYTES || sealed.tag.length !== TAG_BYTES) throw new EnvelopeIntegrityError('malformed iv or tag');
  const decipher = createDecipheriv(ALGORITHM, key, sealed.iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(recipientId, 'utf8'));
  decipher.setAuthTag(sealed.tag);
  try {
    return Buffer.concat([decipher.update(sealed.ct), decipher.final()]);
  } catch {
    throw new EnvelopeIntegrityError();
  }
}

function assertKey(key: Buffer, what: string): void {
  if (key.length !== KEY_BYTES) throw new RangeError(`the ${what} must be ${KEY_BYTES} bytes`);
}

/**
 * Source of what opening needs (`unwrapDataKey`, `decryptValue` and their helpers and constants),
 * for a worker thread's script (off-thread-decryption.ts): the worker opens with this very code.
 */
export function envelopeOpeningSource(): string {
  return [
    `const { createDecipheriv } = require('node:crypto');`,
    `const ALGORITHM = ${JSON.stringify(ALGORITHM)};`,
    `const KEY_BYTES = ${KEY_BYTES};`,
    `const IV_BYTES = ${IV_BYTES};`,
    `const TAG_BYTES = ${TAG_BYTES};`,
    ...[EnvelopeIntegrityError, unwrapDataKey, decryptValue, open, assertKey].map(String),
  ].join('\n');
}
