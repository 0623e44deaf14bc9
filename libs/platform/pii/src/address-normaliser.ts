// The `max` metadata validates the digits themselves, not only the length (the default `min` set).
// It is passed in through `core` because the bundled `max` entry imports it by a relative path that
// jest's `.js`-stripping mapper turns into a bare JSON import.
import { parsePhoneNumberFromString } from 'libphonenumber-js/core';
import metadata from 'libphonenumber-js/metadata.max';
import { isSafeText, toNfc } from '@iys/platform/building-blocks';

export type AddressKind = 'phone' | 'email';

export interface NormalisedAddress {
  kind: AddressKind;
  value: string;
}

export type InvalidAddressReason = 'phone' | 'email' | 'unknown';

/**
 * A rejected recipient address. The message is always one of the fixed texts below and never echoes
 * the input: errors end up in logs and HTTP responses, where personal data must not appear.
 */
export class InvalidAddressError extends Error {
  constructor(
    readonly reason: InvalidAddressReason,
    message: string,
  ) {
    super(message);
    this.name = 'InvalidAddressError';
  }
}

/** E.164 allows at most 15 digits after the `+`. */
const E164_MAX_DIGITS = 15;
/** Room for separators ("+90 (532) 123 45 67") without letting unbounded input reach the parser. */
const PHONE_MAX_RAW_LENGTH = 32;
const PHONE_SHAPE = /^\+[\d\s().-]+$/;
const LOOKS_LIKE_PHONE = /^[+\d\s().-]+$/;

const EMAIL_MIN_LENGTH = 6;
const EMAIL_MAX_LENGTH = 265;
const EMAIL_SHAPE = /^[^\s@]+@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/;
const TURKISH_LETTERS = /[çğıöşüÇĞİÖŞÜ]/;
const WHITESPACE = /\s/;

/**
 * Brings a recipient address to the one form the registry stores and hashes: E.164 for phones,
 * trimmed lower case for e-mails. Two spellings of the same address must give the same value, or
 * the same person would get two recipient ids.
 */
export function normaliseAddress(raw: string): NormalisedAddress {
  if (typeof raw !== 'string') throw new InvalidAddressError('unknown', 'address must be a string');
  // The shape nearly every request carries is its own normal form: libphonenumber, most of a bulk
  // call's CPU otherwise, is spared (same answer for every input: the property test).
  if (raw.length === 13 && TURKISH_MOBILE_E164.test(raw)) return { kind: 'phone', value: raw };
  return normaliseAddressThoroughly(raw);
}

/** Every rule, with no shortcut: the reference the fast path is tested against. */
export function normaliseAddressThoroughly(raw: string): NormalisedAddress {
  if (typeof raw !== 'string') throw new InvalidAddressError('unknown', 'address must be a string');
  const trimmed = toNfc(raw).trim();
  // NUL, bidi overrides, zero-width and other invisible characters, lone surrogates: refused with the
  // code of the kind of address that was meant, before any other rule looks at the text.
  if (!isSafeText(trimmed)) {
    const kind: InvalidAddressReason = trimmed.includes('@') ? 'email' : trimmed.startsWith('+') ? 'phone' : 'unknown';
    throw new InvalidAddressError(kind, 'address contains control or format characters');
  }
  if (trimmed.includes('@')) return { kind: 'email', value: normaliseEmail(trimmed) };
  if (LOOKS_LIKE_PHONE.test(trimmed) && /\d/.test(trimmed)) return { kind: 'phone', value: normalisePhone(trimmed) };
  throw new InvalidAddressError('unknown', 'address is neither a phone number nor an e-mail address');
}

/**
 * Turkish mobile numbers already in E.164 (`+905XXXXXXXXX`, the prefixes every operator has issued),
 * whose normal form is themselves: the shape the gate and status checks see almost always. Kept to
 * prefixes libphonenumber accepts for every subscriber number (checked by a property test).
 */
const TURKISH_MOBILE_E164 = /^\+905[0345][0-9]{8}$/;


function normalisePhone(trimmed: string): string {
  const fail = (message: string) => new InvalidAddressError('phone', message);
  if (!trimmed.startsWith('+')) throw fail('phone number must be in E.164 form, starting with + and the country code');
  if (trimmed.length > PHONE_MAX_RAW_LENGTH || !PHONE_SHAPE.test(trimmed)) throw fail('phone number contains unexpected characters');
  if (trimmed.replace(/\D/g, '').length > E164_MAX_DIGITS) throw fail(`phone number has more than ${E164_MAX_DIGITS} digits`);
  const parsed = parsePhoneNumberFromString(trimmed, metadata);
  if (!parsed || !parsed.isValid()) throw fail('phone number is not a valid number for its country');
  return parsed.number;
}

function normaliseEmail(trimmed: string): string {
  const fail = (message: string) => new InvalidAddressError('email', message);
  if (trimmed.length < EMAIL_MIN_LENGTH || trimmed.length > EMAIL_MAX_LENGTH) {
    throw fail(`e-mail address must be ${EMAIL_MIN_LENGTH} to ${EMAIL_MAX_LENGTH} characters long`);
  }
  if (WHITESPACE.test(trimmed)) throw fail('e-mail address must not contain whitespace');
  // Checked before lower-casing: 'İ'.toLowerCase() is 'i' plus a combining dot, which would slip through.
  if (TURKISH_LETTERS.test(trimmed)) throw fail('e-mail address must not contain Turkish letters');
  const value = trimmed.toLowerCase();
  if (!EMAIL_SHAPE.test(value)) throw fail('e-mail address must have the form local@domain.tld');
  return value;
}
