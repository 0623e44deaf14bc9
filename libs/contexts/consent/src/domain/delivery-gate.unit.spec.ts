import { describe, expect, it } from '@jest/globals';
import { ServiceProviderContracts } from '@iys/contracts';
import { decideDelivery, DELIVERY_REASON_CODES, type DeliveryFacts } from './delivery-gate.js';

const { normaliseSenderId } = ServiceProviderContracts;

const AT = '2026-12-03T10:00:00.000Z';
/** A commercial message from an active brand to a known address with no consent on record. */
const base: DeliveryFacts = {
  category: 'TICARI',
  at: AT,
  recipientValid: true,
  recipientKnown: true,
  senderResolved: true,
  brand: { iysCode: 700001, brandCode: 700002, active: true, activationDate: '2026-01-01T00:00:00.000Z' },
  exempt: false,
  consents: {},
};
const decide = (overrides: Partial<DeliveryFacts>) => decideDelivery({ ...base, ...overrides });

describe('decideDelivery: the operator gate’s rules', () => {
  it('BIREYSEL needs a current ONAY for the brand and type', () => {
    expect(decide({ consents: { BIREYSEL: 'ONAY' } })).toEqual({ decision: 'ALLOW', reason: 'ONAY', recipientType: 'BIREYSEL' });
    expect(decide({ consents: {} })).toEqual({ decision: 'DENY', reason: 'NO_CONSENT', recipientType: null });
  });

  it('a RET denies, whatever recipient type it is recorded for, even beside an ONAY', () => {
    expect(decide({ consents: { BIREYSEL: 'RET' } })).toEqual({ decision: 'DENY', reason: 'RET', recipientType: 'BIREYSEL' });
    expect(decide({ consents: { TACIR: 'RET' } })).toEqual({ decision: 'DENY', reason: 'RET', recipientType: 'TACIR' });
    expect(decide({ consents: { BIREYSEL: 'ONAY', TACIR: 'RET' } })).toMatchObject({ decision: 'DENY', reason: 'RET' });
    expect(decide({ consents: { BIREYSEL: 'RET', TACIR: 'ONAY' } })).toMatchObject({ decision: 'DENY', reason: 'RET' });
  });

  it('TACIR is allowed when registered for the brand and not rejected; unregistered is denied', () => {
    expect(decide({ consents: { TACIR: 'ONAY' } })).toEqual({ decision: 'ALLOW', reason: 'TACIR_REGISTERED', recipientType: 'TACIR' });
    expect(decide({ consents: {} }).decision).toBe('DENY');
  });

  it('an unknown sender, an unknown or passive brand, or a provider not yet active is denied before any consent', () => {
    const approved = { consents: { BIREYSEL: 'ONAY' as const } };
    expect(decide({ ...approved, senderResolved: false, brand: undefined })).toMatchObject({ decision: 'DENY', reason: 'UNKNOWN_SENDER' });
    expect(decide({ ...approved, brand: undefined })).toMatchObject({ decision: 'DENY', reason: 'UNKNOWN_BRAND' });
    expect(decide({ ...approved, brand: { ...base.brand!, active: false } })).toMatchObject({ decision: 'DENY', reason: 'BRAND_PASSIVE' });
    expect(decide({ ...approved, brand: { ...base.brand!, activationDate: '2026-12-03T10:00:01.000Z' } })).toMatchObject({
      decision: 'DENY',
      reason: 'PROVIDER_NOT_ACTIVE',
    });
    // On the activation instant itself the provider is active.
    expect(decide({ ...approved, brand: { ...base.brand!, activationDate: AT } })).toMatchObject({ decision: 'ALLOW' });
  });

  it('an exempt sender is allowed without consent, even to an address that rejected', () => {
    expect(decide({ exempt: true, senderResolved: false, brand: undefined, consents: { BIREYSEL: 'RET' } })).toEqual({
      decision: 'ALLOW',
      reason: 'EXEMPT',
      recipientType: null,
    });
  });

  it('a transactional message is allowed, reason transactional, even without a registered brand', () => {
    expect(decide({ category: 'BILGILENDIRME', consents: { BIREYSEL: 'RET' } })).toEqual({ decision: 'ALLOW', reason: 'TRANSACTIONAL', recipientType: null });
    expect(decide({ category: 'BILGILENDIRME', senderResolved: false, brand: undefined })).toMatchObject({ reason: 'TRANSACTIONAL' });
  });

  it('an address the registry does not hold (never registered, or erased by its owner) is denied', () => {
    expect(decide({ recipientKnown: false })).toEqual({ decision: 'DENY', reason: 'UNKNOWN_RECIPIENT', recipientType: null });
  });

  it('a malformed address is denied whatever else holds', () => {
    expect(decide({ recipientValid: false, exempt: true, category: 'BILGILENDIRME' })).toMatchObject({ decision: 'DENY', reason: 'INVALID_RECIPIENT' });
  });

  it('every reason code is reachable', () => {
    const seen = new Set<string>();
    const variants: Partial<DeliveryFacts>[] = [
      { consents: { BIREYSEL: 'ONAY' } }, { consents: { TACIR: 'ONAY' } }, { exempt: true }, { category: 'BILGILENDIRME' },
      { consents: { BIREYSEL: 'RET' } }, {}, { recipientKnown: false }, { recipientValid: false }, { senderResolved: false },
      { brand: undefined }, { brand: { ...base.brand!, active: false } }, { brand: { ...base.brand!, activationDate: '2027-01-01T00:00:00.000Z' } },
    ];
    for (const variant of variants) seen.add(decide(variant).reason);
    expect([...seen].sort()).toEqual([...DELIVERY_REASON_CODES].sort());
  });
});

describe('normaliseSenderId (the published form of sender identities)', () => {
  it('folds SMS headers to upper-case ASCII, numbers to +90…, domains to lower case', () => {
    expect(normaliseSenderId('MESAJ', ' Kahveci ')).toBe('KAHVECI');
    expect(normaliseSenderId('MESAJ', 'çiçekçi')).toBe('CICEKCI');
    expect(normaliseSenderId('MESAJ', 'x')).toBeUndefined();
    expect(normaliseSenderId('ARAMA', '0 (212) 555 00 11')).toBe('+902125550011');
    expect(normaliseSenderId('ARAMA', 'call me')).toBeUndefined();
    expect(normaliseSenderId('EPOSTA', 'Kahve.COM.tr')).toBe('kahve.com.tr');
    expect(normaliseSenderId('EPOSTA', 'not a domain')).toBeUndefined();
  });
});
