import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '@iys/platform/building-blocks';
import { iysErrorItem, TOKEN_SIGNING_KEY } from '@iys/platform/nest';
import { ONE_TIME_CODE_PATTERN, OneTimeCodeHasher, randomSixDigitCode } from '@iys/platform/pii';

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

export const VERIFICATION_CODE_PATTERN = ONE_TIME_CODE_PATTERN;

/** Makes the 6-digit codes sent to recipients. A provider token, so a test can fix the code. */
export interface VerificationCodeGenerator {
  next(): string;
}

export const VERIFICATION_CODE_GENERATOR = Symbol('CONSENT_VERIFICATION_CODE_GENERATOR');

/** The default: uniformly random 000000–999999 from the CSPRNG. */
@Injectable()
export class RandomVerificationCodes implements VerificationCodeGenerator {
  next(): string {
    return randomSixDigitCode();
  }
}

/**
 * Keeps a code as a keyed, salted HMAC bound to the process's request id (OneTimeCodeHasher: a
 * bare 6-digit code, or an unkeyed hash of it, read out of a database dump would be brute-forced at
 * once). Its key is derived from the platform's signing secret for this purpose only; rotating that
 * secret invalidates the codes pending at that moment (at most 10 minutes' worth).
 */
@Injectable()
export class VerificationCodeHasher extends OneTimeCodeHasher {
  constructor(@Inject(TOKEN_SIGNING_KEY) secret: Buffer) {
    super(secret, 'consent-verification-code');
  }
}

/**
 * A C8 rule's DomainError (H452–H465, H195) with its registered İYS text; it renders with the code's
 * registered status (422 for H452–H465).
 */
export function verificationRule(code: string, location: (string | number)[]): DomainError {
  return new DomainError(code, iysErrorItem(code).message, location);
}
