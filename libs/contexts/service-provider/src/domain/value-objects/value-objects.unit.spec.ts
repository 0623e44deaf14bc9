import { describe, expect, it } from '@jest/globals';
import { isCorporateEmail } from './corporate-email.js';
import { isTurkishMobile, isValidMersis, isValidTaxNumber } from './registry-numbers.js';
import { serviceProviderError } from '../service-provider.errors.js';
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

  // H617 says "+905XXXXXXXXX on an operator's prefix": numbers of exactly that shape that libphonenumber
  // (the metadata every address is normalised with) does not call a Turkish MOBILE number are refused.
  it.each([
    ['+905111234567', 'unallocated 511'],
    ['+905121234567', 'a pager range'],
    ['+905201234567', 'unallocated 520'],
    ['+905601234567', 'unallocated 560'],
    ['+905991234567', 'unallocated 599'],
  ])('refuses %s (%s), a number of the +905XXXXXXXXX shape that is no mobile number', (number) => {
    expect(isTurkishMobile(number)).toBe(false);
    expect(serviceProviderError('H617').message).toMatch(/GSM operatörüne tahsisli/);
  });

  it.each(['+905011234567', '+905051234567', '+905301234567', '+905591234567', '+905421234567'])('accepts %s, and what it accepts has the shape the message names', (number) => {
    expect(isTurkishMobile(number)).toBe(true);
    expect(number).toMatch(/^\+905\d{9}$/);
  });

  it('refuses what is not in E.164 even when libphonenumber would parse it', () => {
    for (const number of ['05321234567', '+90 532 123 45 67', '+9053212345678', '+15551234567']) expect(isTurkishMobile(number)).toBe(false);
  });
});
