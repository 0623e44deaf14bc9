import { randomSixDigitCode } from '@iys/platform/pii';

/** Makes the 6-digit codes sent to recipients; a provider token so the generator can be replaced. */
export interface OneTimeCodeGenerator {
  next(): string;
}
export const ONE_TIME_CODE_GENERATOR = Symbol('RECIPIENT_ONE_TIME_CODE_GENERATOR');
export const randomCodes: OneTimeCodeGenerator = { next: randomSixDigitCode };

/** The OneTimeCodeHasher of recipient codes (its own HKDF purpose). */
export const RECIPIENT_CODE_HASHER = Symbol('RECIPIENT_CODE_HASHER');
