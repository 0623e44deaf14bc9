import type { ServiceProviderContracts } from '@iys/contracts';

type SenderChannel = ServiceProviderContracts.SenderChannel;

export const SENDER_CHANNELS: readonly SenderChannel[] = ['MESAJ', 'ARAMA', 'EPOSTA'];

const TURKISH_TO_ASCII: Record<string, string> = { Ç: 'C', Ğ: 'G', İ: 'I', I: 'I', Ö: 'O', Ş: 'S', Ü: 'U', ç: 'C', ğ: 'G', ı: 'I', i: 'I', ö: 'O', ş: 'S', ü: 'U' };
// An SMS originator header: 3–11 characters, letters, digits, space, dot and dash (as operators accept them).
const SMS_HEADER = /^[A-Z0-9][A-Z0-9 .-]{1,9}[A-Z0-9]$/;
const HOSTNAME = /^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/**
 * The one spelling of a sender identity, so the same header, number or domain typed differently
 * resolves to the same brand: headers upper-case with Turkish letters folded to ASCII (handsets and
 * operators show them so), Turkish numbers in E.164 (`+90` and ten digits) or a 444 service number
 * (seven digits), e-mail domains lower-case. Undefined when the value is not one of these.
 */
export function normaliseSenderId(channel: SenderChannel, raw: string): string | undefined {
  const value = raw.normalize('NFC').trim();
  if (value.length === 0 || value.length > 253) return undefined;
  switch (channel) {
    case 'MESAJ': {
      const header = [...value].map((c) => TURKISH_TO_ASCII[c] ?? c.toUpperCase()).join('');
      return SMS_HEADER.test(header) ? header : undefined;
    }
    case 'ARAMA': {
      if (!/^[+0-9 ()-]+$/.test(value)) return undefined;
      const digits = value.replace(/[^0-9]/g, '');
      if (/^444\d{4}$/.test(digits) && !value.startsWith('+')) return digits;
      const national = value.startsWith('+') ? (digits.startsWith('90') ? digits.slice(2) : undefined) : digits.replace(/^0/, '');
      return national !== undefined && /^[2-9]\d{9}$/.test(national) ? `+90${national}` : undefined;
    }
    case 'EPOSTA': {
      const domain = value.toLowerCase();
      return HOSTNAME.test(domain) ? domain : undefined;
    }
  }
}
