import { createHmac, hkdfSync, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '@iys/platform/building-blocks';
import { iysErrorItem, TOKEN_SIGNING_KEY } from '@iys/platform/nest';

/**
 * The one-time codes of consent through the registry (İYS C8, iys-api.md Part A item 10, §3.8):
 * how they are made, how long they live, and how they are kept without ever being stored in clear.
 * Shared by the start (overIys) and completion (verificationCode) handlers.
 */

/** A code lives 10 minutes (see the design note of StartConsentVerificationHandler). */
export const VERIFICATION_VALIDITY_MINUTES = 10;
/** The fifth wrong code closes the process (H460 each time, then H456). */
export const MAX_VERIFICATION_ATTEMPTS = 5;
/** İYS H453: at most 2 processes per recipient per Europe/Istanbul calendar day. */
export const MAX_PROCESSES_PER_RECIPIENT_PER_DAY = 2;
/** İYS H465: a recipient's next process may start 3 minutes after the previous one at the earliest. */
export const MIN_MINUTES_BETWEEN_PROCESSES = 3;

export const VERIFICATION_CODE_PATTERN = /^\d{6}$/;

/** Makes the 6-digit codes sent to recipients. A provider token, so a test can fix the code. */
export interface VerificationCodeGenerator {
  next(): string;
}

export const VERIFICATION_CODE_GENERATOR = Symbol('CONSENT_VERIFICATION_CODE_GENERATOR');

/** The default: uniformly random 000000–999999 from the CSPRNG. */
@Injectable()
export class RandomVerificationCodes implements VerificationCodeGenerator {
  next(): string {
    return String(randomInt(0, 1_000_000)).padStart(6, '0');
  }
}

/** What a process row keeps of its code. */
export interface SealedCode {
  salt: Buffer;
  hash: Buffer;
}

/**
 * Keeps a code as HMAC-SHA256(key, salt ‖ requestId ‖ code) with a random 16-byte salt per process.
 * A 6-digit code has only 10⁶ values, so a salted but unkeyed hash (or even scrypt) read out of a
 * database dump would be brute-forced in seconds to hours; the key lives outside the database, so
 * a dump alone reveals nothing. The key is derived (HKDF, its own `info`) from the platform's
 * signing secret, so no new secret has to be provisioned and the derived key is independent of the
 * token key. Rotating that secret invalidates the codes pending at that moment (at most 10 minutes'
 * worth), which is acceptable. The request id is bound in so a hash cannot be moved to another
 * process; comparison is constant-time.
 */
@Injectable()
export class VerificationCodeHasher {
  private readonly key: Buffer;

  constructor(@Inject(TOKEN_SIGNING_KEY) secret: Buffer) {
    this.key = Buffer.from(hkdfSync('sha256', secret, 'iys', 'consent-verification-code', 32));
  }

  seal(requestId: string, code: string): SealedCode {
    const salt = randomBytes(16);
    return { salt, hash: this.mac(salt, requestId, code) };
  }

  matches(sealed: SealedCode, requestId: string, code: string): boolean {
    const candidate = this.mac(sealed.salt, requestId, code);
    return candidate.length === sealed.hash.length && timingSafeEqual(candidate, sealed.hash);
  }

  private mac(salt: Buffer, requestId: string, code: string): Buffer {
    return createHmac('sha256', this.key).update(salt).update(`${requestId.toLowerCase()}\u0000${code}`).digest();
  }
}

/**
 * A C8 rule's DomainError (H452–H465, H195) with its registered İYS text; it renders with the code's
 * registered status (422 for H452–H465).
 */
export function verificationRule(code: string, location: (string | number)[]): DomainError {
  return new DomainError(code, iysErrorItem(code).message, location);
}
