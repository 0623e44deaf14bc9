import { describe, expect, it } from '@jest/globals';
import { isCorporateEmail } from './corporate-email.js';
import { isTurkishMobile, isValidMersis, isValidTaxNumber } from './registry-numbers.js';
import { isValidTurkishNationalId } from '@iys/platform/building-blocks';

describe('service-provider value objects', () => {
  it('accepts national ids whose two check digits hold, and nothing else', () => {
    expect(isValidTurkishNationalId('10000000146')).toBe(true);
    expect(isValidTurkishNationalId('12345678950')).toBe(true);
    expect(isValidTurkishNationalId('10000000147')).toBe(false); // 11th digit off
    expect(isValidTurkishNationalId('10000000156')).toBe(false); // 10th digit off
    expect(isValidTurkishNationalId('01234567890')).toBe(false); // leading zero
    expect(isValidTurkishNationalId('1000000014')).toBe(false);
    expect(isValidTurkishNationalId('1000000014a')).toBe(false);
  });

  it('refuses free-mail domains for the signatory', () => {
    expect(isCorporateEmail('yetkili@firma.com.tr')).toBe(true);
    for (const free of ['a@gmail.com', 'a@hotmail.com.tr', 'a@yandex.com', 'a@outlook.com']) expect(isCorporateEmail(free)).toBe(false);
    expect(isCorporateEmail('no-at-sign')).toBe(false);
  });

  it('checks registry numbers and mobile numbers by shape', () => {
    expect(isValidMersis('0015001526400496')).toBe(true);
    expect(isValidMersis('001500152640049')).toBe(false);
    expect(isValidTaxNumber('1234567890')).toBe(true);
    expect(isValidTaxNumber('123456789')).toBe(false);
    expect(isTurkishMobile('+905321234567')).toBe(true);
    expect(isTurkishMobile('+902121230000')).toBe(false);
  });
});
