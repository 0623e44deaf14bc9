import { hkdfSync } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { derivePurposeKey } from './derived-key.js';

describe('derivePurposeKey', () => {
  const secret = Buffer.alloc(32, 7);

  it('is HKDF-SHA256 of the secret for the purpose, salt "iys" unless another is given', () => {
    expect(derivePurposeKey(secret, 'opt-out-link')).toEqual(Buffer.from(hkdfSync('sha256', secret, 'iys', 'opt-out-link', 32)));
    expect(derivePurposeKey(secret, 'x', 'iys-vault')).toEqual(Buffer.from(hkdfSync('sha256', secret, 'iys-vault', 'x', 32)));
  });

  it('gives each purpose its own 32-byte key', () => {
    const keys = ['recipient-token', 'opt-out-link', 'sms-webhook'].map((purpose) => derivePurposeKey(secret, purpose).toString('hex'));
    expect(new Set(keys).size).toBe(3);
    expect(derivePurposeKey(secret, 'recipient-token')).toHaveLength(32);
  });
});
