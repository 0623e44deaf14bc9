import { describe, expect, it } from '@jest/globals';
import { matchingTotpStep, newTotpSecret, otpauthUri, totpCode, totpStep } from './totp.js';

// RFC 6238 Appendix B: the SHA-1 seed is the ASCII "12345678901234567890"; 8-digit values there, 6 here are their last six.
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const VECTORS: [number, string][] = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

describe('TOTP (RFC 6238)', () => {
  it.each(VECTORS)('at %i s the code is the last six digits of %s', (seconds, eight) => {
    expect(totpCode(RFC_SECRET, totpStep(new Date(seconds * 1000)))).toBe(eight.slice(2));
  });

  it('accepts a code of the step before or after, refuses older ones and anything not six digits', () => {
    const secret = newTotpSecret();
    const at = new Date('2026-12-07T19:00:10Z');
    const step = totpStep(at);
    expect(matchingTotpStep(secret, totpCode(secret, step - 1), at)).toBe(step - 1);
    expect(matchingTotpStep(secret, totpCode(secret, step + 1), at)).toBe(step + 1);
    expect(matchingTotpStep(secret, totpCode(secret, step - 2), at)).toBeUndefined();
    expect(matchingTotpStep(secret, '12345', at)).toBeUndefined();
    expect(matchingTotpStep(secret, ' 123456', at)).toBeUndefined();
  });

  it('names issuer, account and secret in the otpauth URI an app scans', () => {
    expect(otpauthUri('İYS', 'ornek-1', 'ABC')).toBe('otpauth://totp/%C4%B0YS%3Aornek-1?secret=ABC&issuer=%C4%B0YS&algorithm=SHA1&digits=6&period=30');
  });
});
