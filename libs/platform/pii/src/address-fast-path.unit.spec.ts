import { randomBytes } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { addressDigester, addressHmac } from './address-hmac.js';
import { normaliseAddress, normaliseAddressThoroughly } from './address-normaliser.js';

/** The fast path is an optimisation only: it must agree with the full normaliser on every input. */
const outcome = (normalise: (raw: string) => unknown, raw: string) => {
  try {
    return normalise(raw);
  } catch (error) {
    return { rejected: (error as Error).message };
  }
};

describe(`normaliseAddress's fast path`, () => {
  it('agrees with the thorough normaliser on Turkish mobile numbers of every fast-path prefix', () => {
    fc.assert(
      fc.property(fc.constantFrom('0', '3', '4', '5'), fc.integer({ min: 0, max: 99_999_999 }), (second, subscriber) => {
        const raw = `+905${second}${String(subscriber).padStart(8, '0')}`;
        expect(normaliseAddress(raw)).toEqual(normaliseAddressThoroughly(raw));
      }),
      { numRuns: 2000 },
    );
  });

  it('agrees with the thorough normaliser on near-misses, other shapes and e-mails', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.stringMatching(/^\+?90?5[0-9]{8,10}$/),
          fc.stringMatching(/^ ?\+90 ?5[0-9 ]{9,12}$/),
          fc.emailAddress(),
          fc.string({ maxLength: 20 }),
        ),
        (raw) => {
          expect(outcome(normaliseAddress, raw)).toEqual(outcome(normaliseAddressThoroughly, raw));
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('addressDigester', () => {
  it('gives the same pseudonym as addressHmac', () => {
    const key = randomBytes(32);
    const digest = addressDigester(key);
    for (const value of ['+905321234567', 'ali@example.com.tr']) {
      const address = normaliseAddress(value);
      expect(digest(address).equals(addressHmac(key, address))).toBe(true);
    }
  });
});
