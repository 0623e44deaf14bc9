import { createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { derivePurposeKey } from '@iys/platform/building-blocks';

/** What a one-time-code record keeps of its code. */
export interface SealedCode {
  salt: Buffer;
  hash: Buffer;
}

export const ONE_TIME_CODE_PATTERN = /^\d{6}$/;

/** A uniformly random 6-digit code (000000–999999) from the CSPRNG. */
export function randomSixDigitCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

/**
 * Keeps a short one-time code as HMAC-SHA256(key, salt ‖ bindTo ‖ code) with a random 16-byte salt.
 * A 6-digit code has only 10⁶ values, so a salted but unkeyed hash (even scrypt) read out of a
 * database dump is brute-forced in seconds to hours; the key lives outside the database, so a dump
 * alone reveals nothing. The key is derived (HKDF) from a platform secret with a `purpose` of its
 * own, so every use (consent verification, recipient sign-in…) has an independent key. `bindTo`
 * (the process or challenge id) keeps a hash from being moved to another record. Constant-time compare.
 */
export class OneTimeCodeHasher {
  private readonly key: Buffer;

  constructor(secret: Buffer, purpose: string) {
    this.key = derivePurposeKey(secret, purpose);
  }

  seal(bindTo: string, code: string): SealedCode {
    const salt = randomBytes(16);
    return { salt, hash: this.mac(salt, bindTo, code) };
  }

  matches(sealed: SealedCode, bindTo: string, code: string): boolean {
    const candidate = this.mac(sealed.salt, bindTo, code);
    return candidate.length === sealed.hash.length && timingSafeEqual(candidate, sealed.hash);
  }

  /** A keyed digest of any short identifier (e.g. a client IP) that must be counted but not kept. */
  digest(value: string): Buffer {
    return createHmac('sha256', this.key).update('digest\u0000').update(value).digest();
  }

  private mac(salt: Buffer, bindTo: string, code: string): Buffer {
    return createHmac('sha256', this.key).update(salt).update(`${bindTo.toLowerCase()}\u0000${code}`).digest();
  }
}
