import { describe, expect, it } from '@jest/globals';
import { CONSENT_TYPE_VALUES, formatConsentReference, parseConsentReference, RECIPIENT_TYPE_VALUES, type ConsentReference } from './consent-reference.js';

const RECIPIENT_ID = '3f2b8c1e-9a4d-4e6f-8b7a-0c1d2e3f4a5b';

describe('a consent reference <recipientId>.<brandCode>.<type>.<recipientType>', () => {
  it('round-trips every type and recipient type', () => {
    for (const type of CONSENT_TYPE_VALUES) {
      for (const recipientType of RECIPIENT_TYPE_VALUES) {
        const key: ConsentReference = { recipientId: RECIPIENT_ID, brandCode: 600123, type, recipientType };
        const formatted = formatConsentReference(key);
        expect(formatted).toBe(`${RECIPIENT_ID}.600123.${type}.${recipientType}`);
        expect(parseConsentReference(formatted)).toEqual(key);
      }
    }
  });

  it('accepts an upper-case id and gives it back lower-cased (ids are compared as PostgreSQL prints them)', () => {
    expect(parseConsentReference(`${RECIPIENT_ID.toUpperCase()}.7.MESAJ.TACIR`)).toEqual({
      recipientId: RECIPIENT_ID,
      brandCode: 7,
      type: 'MESAJ',
      recipientType: 'TACIR',
    });
  });

  it('takes the largest 10-digit brand code', () => {
    expect(parseConsentReference(`${RECIPIENT_ID}.9999999999.ARAMA.BIREYSEL`)?.brandCode).toBe(9_999_999_999);
  });

  it.each([
    ['empty', ''],
    ['an address instead of an id', '+905321234567.600123.MESAJ.BIREYSEL'],
    ['a short id', `${RECIPIENT_ID.slice(1)}.600123.MESAJ.BIREYSEL`],
    ['a missing part', `${RECIPIENT_ID}.600123.MESAJ`],
    ['an extra part', `${RECIPIENT_ID}.600123.MESAJ.BIREYSEL.x`],
    ['a lower-case type', `${RECIPIENT_ID}.600123.mesaj.BIREYSEL`],
    ['an unknown type', `${RECIPIENT_ID}.600123.FAX.BIREYSEL`],
    ['an unknown recipient type', `${RECIPIENT_ID}.600123.MESAJ.KURUMSAL`],
    ['brand code 0', `${RECIPIENT_ID}.0.MESAJ.BIREYSEL`],
    ['a leading zero', `${RECIPIENT_ID}.0600123.MESAJ.BIREYSEL`],
    ['a negative brand code', `${RECIPIENT_ID}.-5.MESAJ.BIREYSEL`],
    ['an 11-digit brand code', `${RECIPIENT_ID}.10000000000.MESAJ.BIREYSEL`],
    ['a fractional brand code', `${RECIPIENT_ID}.12.5.MESAJ.BIREYSEL`],
    ['whitespace around it', ` ${RECIPIENT_ID}.600123.MESAJ.BIREYSEL `],
    ['a trailing newline', `${RECIPIENT_ID}.600123.MESAJ.BIREYSEL\n`],
  ])('is undefined for %s', (_, raw) => {
    expect(parseConsentReference(raw)).toBeUndefined();
  });
});
