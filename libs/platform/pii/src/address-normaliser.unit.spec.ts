import { describe, expect, it } from '@jest/globals';
import { InvalidAddressError, normaliseAddress, type InvalidAddressReason } from './address-normaliser.js';

function rejection(raw: string): InvalidAddressError {
  try {
    normaliseAddress(raw);
  } catch (error) {
    if (error instanceof InvalidAddressError) return error;
    throw error;
  }
  throw new Error('expected the address to be rejected');
}

describe('normaliseAddress', () => {
  it.each([
    ['+905321234567', '+905321234567'],
    ['+902121230000', '+902121230000'],
    ['  +90 (532) 123 45 67 ', '+905321234567'],
    ['+90-212-123-0000', '+902121230000'],
  ])('accepts the Turkish number %j as %s', (raw, e164) => {
    expect(normaliseAddress(raw)).toEqual({ kind: 'phone', value: e164 });
  });

  it.each<[string, string, InvalidAddressReason]>([
    ['without +', '905321234567', 'phone'],
    ['national form', '05321234567', 'phone'],
    ['one digit short', '+90532123456', 'phone'],
    ['one digit long for Turkey', '+9053212345678', 'phone'],
    ['an unallocated prefix', '+900321234567', 'phone'],
    ['over 15 digits', '+9053212345678901', 'phone'],
    ['an extension', '+905321234567x12', 'unknown'],
    ['letters', 'not an address', 'unknown'],
    ['empty', '   ', 'unknown'],
  ])('rejects a phone number %s', (_case, raw, reason) => {
    expect(rejection(raw).reason).toBe(reason);
  });

  it.each([
    ['Ali.Veli@Example.COM', 'ali.veli@example.com'],
    ['  a@b.co ', 'a@b.co'],
    ['kampanya+iys@alt.ornek.com.tr', 'kampanya+iys@alt.ornek.com.tr'],
  ])('accepts the e-mail %j as %s', (raw, value) => {
    expect(normaliseAddress(raw)).toEqual({ kind: 'email', value });
  });

  it.each([
    ['Turkish letters', 'çağrı@ornek.com'],
    ['a dotted capital I', 'İLETİŞİM@ornek.com'],
    ['too short', 'a@b.c'],
    ['too long', `${'a'.repeat(260)}@b.com`],
    ['inner spaces', 'ali veli@ornek.com'],
    ['no top-level domain', 'ali@ornek'],
    ['two @', 'ali@veli@ornek.com'],
  ])('rejects an e-mail with %s', (_case, raw) => {
    expect(rejection(raw).reason).toBe('email');
  });

  it('gives the same value for differently formatted spellings of one address', () => {
    expect(normaliseAddress('+90 532 123 4567')).toEqual(normaliseAddress('+905321234567'));
    expect(normaliseAddress(' ALI@ornek.com')).toEqual(normaliseAddress('ali@ORNEK.com '));
  });

  it('never puts the input into the error message', () => {
    const inputs = ['905321234567', '+90532123456', '+9053212345678901', 'çağrı@ornek.com', 'ali veli@ornek.com', 'ali@ornek', 'hello'];
    for (const raw of inputs) {
      const error = rejection(raw);
      expect(error.message).not.toContain(raw.trim());
      expect(error.message).not.toMatch(/\d{6,}/);
      expect(error.name).toBe('InvalidAddressError');
    }
  });
  it.each<[string, string, InvalidAddressReason]>([
    ['NUL in an e-mail', 'ali\u0000veli@example.com', 'email'],
    ['a bidi override in an e-mail', 'ali\u202Eveli@example.com', 'email'],
    ['a bidi isolate in an e-mail', 'ali@example\u2066.com', 'email'],
    ['a zero-width space in an e-mail', 'ali\u200B@example.com', 'email'],
    ['a lone surrogate in an e-mail', 'ali\uD800@example.com', 'email'],
    ['a bidi override in a phone number', '+90532\u202E1234567', 'phone'],
    ['NUL in a phone number', '+905321234567\u0000', 'phone'],
    ['a control character alone', '\u0007', 'unknown'],
  ])('refuses %s', (_case, raw, reason) => {
    expect(rejection(raw).reason).toBe(reason);
  });

  it('compares addresses in NFC', () => {
    // A decomposed form must not make a second address: it is brought to NFC before the other rules.
    expect(normaliseAddress('jose\u0301@example.com')).toEqual(normaliseAddress('jos\u00e9@example.com'));
    expect(normaliseAddress('jose\u0301@example.com').value).toBe('jos\u00e9@example.com');
  });
});
