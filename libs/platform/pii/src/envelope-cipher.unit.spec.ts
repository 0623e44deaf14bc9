import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import {
  decryptValue,
  encryptValue,
  EnvelopeIntegrityError,
  generateDataKey,
  isEncryptedValue,
  kekIdOf,
  unwrapDataKey,
  wrapDataKey,
  type EncryptedValue,
} from './envelope-cipher.js';

const recipientId = randomUUID();
const plaintext = 'Ayşe Yılmaz, +905321234567';

/** Flips one bit of a base64 field, keeping it valid base64 of the same length. */
function flipBit(base64: string): string {
  const bytes = Buffer.from(base64, 'base64');
  bytes[0]! ^= 0x01;
  return bytes.toString('base64');
}

describe('envelope cipher', () => {
  it('round-trips a value and produces the JSON shape events carry', () => {
    const key = generateDataKey();
    const value = encryptValue(key, recipientId, plaintext);
    const viaJson = JSON.parse(JSON.stringify(value)) as unknown;
    expect(isEncryptedValue(viaJson)).toBe(true);
    expect(value).toMatchObject({ $enc: 'v1', kid: recipientId });
    expect(JSON.stringify(value)).not.toContain('905321234567');
    expect(decryptValue(key, viaJson as EncryptedValue)).toBe(plaintext);
  });

  it('uses a fresh iv for every encryption', () => {
    const key = generateDataKey();
    const first = encryptValue(key, recipientId, plaintext);
    const second = encryptValue(key, recipientId, plaintext);
    expect(first.iv).not.toBe(second.iv);
    expect(first.ct).not.toBe(second.ct);
  });

  it.each(['ct', 'tag', 'iv'] as const)('refuses a value whose %s was tampered with', (field) => {
    const key = generateDataKey();
    const value = encryptValue(key, recipientId, plaintext);
    expect(() => decryptValue(key, { ...value, [field]: flipBit(value[field]) })).toThrow(EnvelopeIntegrityError);
  });

  it('refuses a truncated tag', () => {
    const key = generateDataKey();
    const value = encryptValue(key, recipientId, plaintext);
    const shortTag = Buffer.from(value.tag, 'base64').subarray(0, 4).toString('base64');
    expect(() => decryptValue(key, { ...value, tag: shortTag })).toThrow(EnvelopeIntegrityError);
  });

  it('refuses a value moved onto another recipient (the id is associated data)', () => {
    const key = generateDataKey();
    const value = encryptValue(key, recipientId, plaintext);
    expect(() => decryptValue(key, { ...value, kid: randomUUID() })).toThrow(EnvelopeIntegrityError);
  });

  it('refuses the wrong data key', () => {
    const value = encryptValue(generateDataKey(), recipientId, plaintext);
    expect(() => decryptValue(generateDataKey(), value)).toThrow(EnvelopeIntegrityError);
  });

  it('wraps and unwraps a data key under the master key, bound to its recipient', () => {
    const masterKey = randomBytes(32);
    const dataKey = generateDataKey();
    const wrapped = wrapDataKey(masterKey, dataKey, recipientId);
    expect(wrapped.includes(dataKey)).toBe(false);
    expect(unwrapDataKey(masterKey, wrapped, recipientId).equals(dataKey)).toBe(true);
    expect(() => unwrapDataKey(masterKey, wrapped, randomUUID())).toThrow(EnvelopeIntegrityError);
    expect(() => unwrapDataKey(randomBytes(32), wrapped, recipientId)).toThrow(EnvelopeIntegrityError);
  });

  it('names a master key by a stable 8-hex fingerprint', () => {
    const masterKey = randomBytes(32);
    expect(kekIdOf(masterKey)).toMatch(/^[0-9a-f]{8}$/);
    expect(kekIdOf(Buffer.from(masterKey))).toBe(kekIdOf(masterKey));
    expect(kekIdOf(randomBytes(32))).not.toBe(kekIdOf(masterKey));
  });

  it('refuses keys that are not 32 bytes', () => {
    expect(() => encryptValue(randomBytes(16), recipientId, plaintext)).toThrow(RangeError);
    expect(() => kekIdOf(randomBytes(31))).toThrow(RangeError);
  });

  it('recognises only v1 envelopes', () => {
    expect(isEncryptedValue({ $enc: 'v1', kid: 'k', iv: '', ct: '', tag: '' })).toBe(true);
    expect(isEncryptedValue({ $enc: 'v2', kid: 'k', iv: '', ct: '', tag: '' })).toBe(false);
    expect(isEncryptedValue({ $enc: 'v1', kid: 'k', iv: '', ct: '' })).toBe(false);
    expect(isEncryptedValue('+905321234567')).toBe(false);
    expect(isEncryptedValue(null)).toBe(false);
  });
});
