import type { AttachmentType, ComplaintChannel } from './complaint.events.js';

/** Provinces by licence-plate code (Adana 1 … Düzce 81): the authority's units and a complaint's route. */
export const PROVINCE_CODES = { first: 1, last: 81 } as const;
export function isProvinceCode(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= PROVINCE_CODES.first && (value as number) <= PROVINCE_CODES.last;
}

export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;

/** The file's type from its first bytes (never from its name or declared type): PNG, JPEG or PDF. */
export function sniffAttachmentType(bytes: Uint8Array): AttachmentType | undefined {
  const starts = (...signature: number[]) => signature.every((byte, i) => bytes[i] === byte);
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (starts(0x25, 0x50, 0x44, 0x46, 0x2d)) return 'application/pdf';
  return undefined;
}

const TURKISH_TO_ASCII: Record<string, string> = { Ç: 'C', Ğ: 'G', İ: 'I', I: 'I', Ö: 'O', Ş: 'S', Ü: 'U', ç: 'C', ğ: 'G', ı: 'I', i: 'I', ö: 'O', ş: 'S', ü: 'U' };
const SMS_HEADER = /^[A-Z0-9][A-Z0-9 .-]{1,9}[A-Z0-9]$/;
const HOSTNAME = /^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/**
 * The sender as a recipient saw it, in the one spelling providers register it under
 * (ServiceProviderContracts.SenderRegistered): an SMS header upper-case with Turkish letters folded to
 * ASCII, a number in E.164 (+90 and ten digits) or a 444 number, the domain of an e-mail From address
 * lower-case. An SMS may also come from a plain number. Undefined when the value is none of these.
 */
export function senderIdOf(channel: ComplaintChannel, seen: string): string | undefined {
  const value = seen.normalize('NFC').trim();
  if (value.length === 0 || value.length > 254) return undefined;
  if (channel === 'EPOSTA') {
    const address = /^(?:[^<>]*<)?([^<>@\s]+)@([^<>@\s]+?)>?$/.exec(value);
    const domain = address?.[2].toLowerCase();
    return domain && HOSTNAME.test(domain) ? domain : undefined;
  }
  const number = phoneNumber(value);
  if (number || channel === 'ARAMA') return number;
  const header = [...value].map((c) => TURKISH_TO_ASCII[c] ?? c.toUpperCase()).join('');
  return SMS_HEADER.test(header) ? header : undefined;
}

function phoneNumber(value: string): string | undefined {
  if (!/^[+0-9 ()-]+$/.test(value)) return undefined;
  const digits = value.replace(/[^0-9]/g, '');
  if (/^444\d{4}$/.test(digits) && !value.startsWith('+')) return digits;
  const national = value.startsWith('+') ? (digits.startsWith('90') ? digits.slice(2) : undefined) : digits.replace(/^0/, '');
  return national !== undefined && /^[2-9]\d{9}$/.test(national) ? `+90${national}` : undefined;
}

/** A Turkish national id (T.C. kimlik no): 11 digits, no leading 0, with its two check digits. */
export function isNationalId(value: string): boolean {
  if (!/^[1-9]\d{10}$/.test(value)) return false;
  const d = [...value].map(Number);
  const odd = d[0] + d[2] + d[4] + d[6] + d[8];
  const even = d[1] + d[3] + d[5] + d[7];
  const tenth = (((odd * 7 - even) % 10) + 10) % 10;
  return tenth === d[9] && (d.slice(0, 10).reduce((a, b) => a + b, 0) % 10) === d[10];
}
