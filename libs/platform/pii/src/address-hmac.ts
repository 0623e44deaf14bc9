import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import type { NormalisedAddress } from './address-normaliser.js';

export const HMAC_KEY_BYTES = 32;

/**
 * The lookup pseudonym of an address. Keyed, never a plain hash: phone numbers are few enough that
 * an unkeyed SHA-256 of every Turkish number can be precomputed in hours.
 */
export function addressHmac(hmacKey: Buffer, address: NormalisedAddress): Buffer {
  if (hmacKey.length !== HMAC_KEY_BYTES) throw new RangeError(`the HMAC key must be ${HMAC_KEY_BYTES} bytes`);
  return createHmac('sha256', hmacKey).update(address.value, 'utf8').digest();
}

/**
 * `addressHmac` with the key imported once: a bulk check digests a thousand addresses per call, and
 * re-importing the raw key for each is measurable.
 */
export function addressDigester(hmacKey: Buffer): (address: NormalisedAddress) => Buffer {
  if (hmacKey.length !== HMAC_KEY_BYTES) throw new RangeError(`the HMAC key must be ${HMAC_KEY_BYTES} bytes`);
  const key: KeyObject = createSecretKey(Buffer.from(hmacKey));
  return (address) => createHmac('sha256', key).update(address.value, 'utf8').digest();
}
