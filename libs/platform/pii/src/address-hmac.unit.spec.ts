import { randomBytes } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { ADDRESS_DIGEST_BYTES, addressHmac, packedAddressDigester } from './address-hmac.js';

const reference = (key: Buffer, values: readonly (string | null)[]): Buffer =>
  Buffer.concat(values.map((value) => (value === null ? Buffer.alloc(ADDRESS_DIGEST_BYTES) : addressHmac(key, { kind: 'phone', value }))));

describe('packedAddressDigester', () => {
  it('writes the same pseudonyms as addressHmac, in order, zeros for null, for any key and text', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.array(
          fc.option(
            fc.oneof(
              fc.stringMatching(/^\+905[0-9]{9}$/),
              fc.emailAddress(),
              // Around the one-block edge (55 bytes), beyond it, and any Unicode (UTF-8 of several bytes).
              fc.string({ minLength: 50, maxLength: 70, unit: 'binary-ascii' }),
              fc.string({ maxLength: 80, unit: 'grapheme' }),
              fc.string({ maxLength: 60, unit: 'binary' }),
            ),
            { nil: null },
          ),
          { maxLength: 40 },
        ),
        (keyBytes, values) => {
          const key = Buffer.from(keyBytes);
          expect(packedAddressDigester(key)(values).equals(reference(key, values))).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('agrees at every length from empty to past one block, and calls do not leak state into each other', () => {
    const key = randomBytes(32);
    const digest = packedAddressDigester(key);
    const values = Array.from({ length: 130 }, (_, n) => 'a@b.co'.repeat(30).slice(0, n));
    expect(digest(values).equals(reference(key, values))).toBe(true);
    expect(digest(['x']).equals(reference(key, ['x']))).toBe(true);
  });

  it('refuses a key of the wrong size', () => {
    expect(() => packedAddressDigester(randomBytes(16))).toThrow(RangeError);
  });
});
