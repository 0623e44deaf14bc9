import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { IysHttpException } from '@iys/platform/nest';
import { registerConsentCodes } from '../../application/consent-codes.js';
import { CHECKS_ROUTE, checkBatchOf } from './operator-gate.controller.js';
import { scanCheckBody } from './gate-check-body.scanner.js';
import { parseBodyFor } from './scanned-body.testing.js';

/**
 * The check route's scanner is a shortcut only: through the real JSON parser, a body gets the same
 * outcome — the same columns, or the same refusal (status, codes, locations) — whether the route's
 * scanner reads it or the generic path does (another route's URL: no scanner).
 */
registerConsentCodes();
type Outcome = { columns: unknown } | { refused: unknown } | { parserError: string };

function outcome(route: string, raw: string): Outcome & { scanned: boolean } {
  const { error, value, scanned } = parseBodyFor(route, raw);
  if (error !== null) {
    const e = error as Error & { code?: string; statusCode?: number };
    return { parserError: e instanceof IysHttpException ? JSON.stringify([e.status, e.errors]) : `${e.name} ${e.code} ${e.statusCode}`, scanned };
  }
  try {
    return { columns: { ...checkBatchOf(value) }, scanned };
  } catch (thrown) {
    if (!(thrown instanceof IysHttpException)) throw thrown;
    return { refused: { status: thrown.status, errors: thrown.errors }, scanned };
  }
}

const same = (raw: string): boolean => {
  const fast = outcome(CHECKS_ROUTE, raw);
  const generic = outcome('/not-scanned', raw);
  expect(generic.scanned).toBe(false);
  const { scanned, ...result } = fast;
  const { scanned: _, ...expected } = generic;
  expect(result).toEqual(expected);
  return scanned;
};

const phone = fc.stringMatching(/^\+905[0-9]{9}$/);
const validSender = fc.oneof(
  fc.record({ senderId: fc.oneof(fc.constantFrom('BENCHHDR', 'KAHVECI', 'ornek.com.tr', '+908501234567'), fc.stringMatching(/^[A-Za-z0-9 .+@_-]{1,12}$/)) }),
  fc.record({ iysCode: fc.integer({ min: 1, max: 2_147_483_647 }), brandCode: fc.integer({ min: 1, max: 2_147_483_647 }) }),
);
const anySender = fc.oneof(
  validSender,
  fc.record({ senderId: fc.oneof(fc.constant(''), fc.string({ minLength: 250, maxLength: 260 }), fc.integer()) }),
  fc.record({ iysCode: fc.oneof(fc.integer(), fc.double(), fc.constant('1')), brandCode: fc.integer({ min: -5, max: 5 }) }, { requiredKeys: [] }),
  fc.record({ senderId: fc.constant('X'), iysCode: fc.constant(1) }),
  fc.constantFrom(null, 'BENCHHDR', [], {}),
);
const validItem = fc.record(
  {
    sender: validSender,
    recipient: fc.oneof(phone, fc.emailAddress()),
    type: fc.constantFrom('MESAJ', 'ARAMA', 'EPOSTA'),
    category: fc.constantFrom('TICARI', 'BILGILENDIRME'),
    at: fc.constantFrom('2026-12-03 12:00:00', '2025-01-31 23:59:59'),
  },
  { requiredKeys: ['sender', 'recipient', 'type', 'category'] },
);
/** A valid item less one required field. */
const itemMissingOne = fc.tuple(validItem, fc.constantFrom('sender', 'recipient', 'type', 'category')).map(([item, key]) => {
  const copy: Record<string, unknown> = { ...item };
  delete copy[key];
  return copy;
});
const anyItem = fc.oneof(
  validItem,
  itemMissingOne,
  fc.record(
    {
      sender: anySender,
      recipient: fc.oneof(phone, fc.string({ maxLength: 30, unit: 'grapheme' }), fc.string({ minLength: 318, maxLength: 322 }), fc.integer(), fc.constant(null)),
      type: fc.constantFrom('MESAJ', 'ARAMA', 'EPOSTA', 'FAKS', 'mesaj', '', 3),
      category: fc.constantFrom('TICARI', 'BILGILENDIRME', 'X', null),
      at: fc.constantFrom('2026-12-03 12:00:00', '2026-02-30 10:00:00', '03.12.2026', '', 5, null),
      extra: fc.constantFrom(1, 'x', '__proto__'),
      __proto__: fc.constant({ polluted: true }),
    },
    { requiredKeys: [] },
  ),
  fc.constantFrom(null, 1, 'item', [], {}),
);

/** Text edits that keep or break the JSON: whitespace, number spellings, escapes, repeated keys, stray bytes. */
const mutate = (text: string, edit: number, at: number): string => {
  const cut = Math.floor(at * text.length);
  switch (edit) {
    case 0:
      return text;
    case 1:
      return text.replace(/([,:{}[\]])/g, '$1 \n\t');
    case 2:
      return text.replace(/"brandCode":(\d+)/, '"brandCode":$1.0');
    case 3:
      return text.replace(/"iysCode":(\d+)/, '"iysCode":$1e0');
    case 4:
      return text.replace('"MESAJ"', '"MES\\u0041J"');
    case 5:
      return text.replace('"category":', '"category":"TICARI","category":');
    case 6:
      return text.replace('{"items"', '{"other":1,"items"');
    case 7:
      return text.slice(0, cut) + text.slice(cut + 1);
    case 8:
      return `${text.slice(0, cut)}${'[{"\\ ,:'[Math.floor(at * 997) % 8]}${text.slice(cut)}`;
    case 9:
      return `\uFEFF${text}`;
    default:
      return `${text} x`;
  }
};

describe('the check route reads a body to the same outcome with or without its scanner', () => {
  it('valid bodies of the common shape: the scanner reads them, to the same columns', () => {
    fc.assert(
      fc.property(fc.array(validItem, { minLength: 1, maxLength: 30 }), fc.boolean(), (items, spaced) => {
        const raw = spaced ? JSON.stringify({ items }, null, 2) : JSON.stringify({ items });
        expect(same(raw)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('any body, valid or not, edited or not: the same columns or the same refusal', () => {
    let scanned = 0;
    fc.assert(
      fc.property(
        fc.oneof(fc.array(anyItem, { maxLength: 6 }), fc.array(validItem, { minLength: 1, maxLength: 6 })),
        fc.integer({ min: 0, max: 10 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (items, edit, at) => {
          if (same(mutate(JSON.stringify({ items }), edit, at))) scanned++;
        },
      ),
      { numRuns: 3000 },
    );
    expect(scanned).toBeGreaterThan(100);
  });

  it('bounds: 1000 items are read, 1001 go to the generic path (H735), deep nesting to H014', () => {
    const item = { sender: { senderId: 'BENCHHDR' }, recipient: '+905321234567', type: 'MESAJ', category: 'TICARI' };
    expect(same(JSON.stringify({ items: Array(1000).fill(item) }))).toBe(true);
    expect(same(JSON.stringify({ items: Array(1001).fill(item) }))).toBe(false);
    expect(outcome(CHECKS_ROUTE, JSON.stringify({ items: Array(1001).fill(item) }))).toMatchObject({ refused: { status: 422 } });
    expect(same(`{"items":[${'['.repeat(70)}${']'.repeat(70)}]}`)).toBe(false);
    expect(same('')).toBe(false);
    expect(scanCheckBody(Buffer.from(JSON.stringify({ items: [{ ...item, recipient: 'x'.repeat(321) }] })))).toBeUndefined();
  });
});
