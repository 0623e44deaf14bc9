import { describe, expect, it } from '@jest/globals';
import { DomainError, foldEvents } from '@iys/platform/building-blocks';
import { places } from './info/places.js';
import { checkRetailerDetails, MAX_RETAILERS_PER_BRAND, retailerRosterDecider, type RetailerDetails } from './retailer-roster.decider.js';
import type { RetailerEvent, RetailerFacts } from './retailer.events.js';

const sealed = { $enc: 'v1', kid: 'k', iv: 'i', ct: 'c', tag: 't' };
const retailer = (retailerCode: number, identityKey = `key-${retailerCode}`): RetailerFacts => ({
  retailerCode,
  iysCode: 600001,
  brandCode: 700001,
  title: 'Örnek Bayi',
  mersis: '0015001526400496',
  alias: 'ŞİŞLİ',
  city: { code: '34', name: 'İstanbul' },
  town: { code: '1663', name: 'Şişli' },
  status: 'active',
  authorisedPerson: { subjectId: 's', name: sealed, tckn: sealed, mobile: sealed },
  identityKey,
});
const registered = (facts: RetailerFacts): RetailerEvent => ({ type: 'dealer.RetailerRegistered', data: facts });
const refusal = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  throw new Error('expected a refusal');
};

describe("a brand's retailer roster", () => {
  it('registers a retailer and refuses a second one with the same TCKN + MERSİS (H709)', () => {
    const state = foldEvents(retailerRosterDecider, [registered(retailer(1, 'same'))]);
    expect(retailerRosterDecider.decide({ type: 'RegisterRetailer', retailer: retailer(2) }, state)).toEqual([registered(retailer(2))]);
    expect(refusal(() => retailerRosterDecider.decide({ type: 'RegisterRetailer', retailer: retailer(3, 'same') }, state))).toBe('H709');
  });

  it(`holds at most ${MAX_RETAILERS_PER_BRAND} retailers (H710), and a deleted one frees its place`, () => {
    const full = foldEvents(retailerRosterDecider, Array.from({ length: MAX_RETAILERS_PER_BRAND }, (_, i) => registered(retailer(i + 1))));
    expect(refusal(() => retailerRosterDecider.decide({ type: 'RegisterRetailer', retailer: retailer(9999) }, full))).toBe('H710');
    const freed = retailerRosterDecider.evolve(full, { type: 'dealer.RetailerDeleted', data: { retailerCode: 1, iysCode: 600001, brandCode: 700001 } });
    expect(retailerRosterDecider.decide({ type: 'RegisterRetailer', retailer: retailer(9999) }, freed)).toHaveLength(1);
  });

  it('deletes only a retailer no consent ever named (H712), and only one it has (H711)', () => {
    const state = foldEvents(retailerRosterDecider, [registered(retailer(1))]);
    const del = (everAssociated: boolean, retailerCode = 1) => ({ type: 'DeleteRetailer' as const, retailerCode, iysCode: 600001, brandCode: 700001, everAssociated });
    expect(refusal(() => retailerRosterDecider.decide(del(true), state))).toBe('H712');
    expect(refusal(() => retailerRosterDecider.decide(del(false, 2), state))).toBe('H711');
    expect(retailerRosterDecider.decide(del(false), state)).toEqual([{ type: 'dealer.RetailerDeleted', data: { retailerCode: 1, iysCode: 600001, brandCode: 700001 } }]);
  });
});

describe('R1 field rules', () => {
  const valid: RetailerDetails = {
    title: 'Örnek Bayi',
    mersis: '0015001526400496',
    alias: 'ŞİŞLİ',
    name: 'Ayşe Yılmaz',
    tckn: '10000000146',
    mobile: '+905321234567',
    city: { code: '34' },
    town: { code: '1663' },
  };
  const problems = (details: Partial<RetailerDetails>): string[] => {
    try {
      checkRetailerDetails({ ...valid, ...details });
      return [];
    } catch (error) {
      return ((error as AggregateError).errors as DomainError[]).map((e) => e.code);
    }
  };

  it('accepts a valid retailer and reports every broken rule at once', () => {
    expect(problems({})).toEqual([]);
    expect(problems({ title: '', mersis: '1', alias: 'x'.repeat(256), name: 'A1', tckn: '10000000147', mobile: '+905321', city: { code: '82' }, status: 'gone' })).toEqual([
      'H700', 'H701', 'H702', 'H703', 'H704', 'H705', 'H706', 'H707', 'H708',
    ]);
    expect(problems({ town: { code: '1231' } })).toEqual(['H707']); // Çankaya is in Ankara
  });

  it('ships all 81 provinces by plate code and 973 districts with unique codes', () => {
    expect(places.cities()).toHaveLength(81);
    expect(places.towns()).toHaveLength(973);
    expect(new Set(places.towns().map((t) => t.code)).size).toBe(973);
    expect(places.towns().every((t) => places.city(t.cityCode) !== undefined)).toBe(true);
    expect(places.towns('06').map((t) => t.name)).toContain('Çankaya');
  });
});
