import { hkdfSync } from 'node:crypto';

/**
 * A 256-bit key for one `purpose` (token signing, one-time codes, opt-out links…), derived with
 * HKDF-SHA256 from a secret the platform already holds: every use gets an independent key and no
 * new secret has to be provisioned for it.
 */
export function derivePurposeKey(secret: Uint8Array, purpose: string, salt = 'iys'): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, salt, purpose, 32));
}
