import 'reflect-metadata';
import { beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { compiledAcceptor, IysHttpException, IysValidationPipe, type DtoClass } from '@iys/platform/nest';
import { registerConsentCodes } from '../../../application/consent-codes.js';
import { CONSENT_STATUSES, CONSENT_TYPES, PROVIDER_SOURCES, RECIPIENT_TYPES } from '../../../domain/consent.events.js';
import { AddConsentDto, ConsentStatusQueryDto, MultiStatusQueryDto } from './consent.request.dto.js';

/**
 * The hot routes' bodies are accepted by a compiled check (ADR 0067); class-transformer +
 * class-validator stay the reference. For random valid and invalid bodies both paths must give the
 * same answer: the same instance (class and fields) or the same İYS error envelope and HTTP status.
 */
type Outcome = { value: object; cls: string } | { status: number; errors: unknown };

async function outcome(pipe: IysValidationPipe, body: unknown): Promise<Outcome> {
  try {
    const value = (await pipe.transform(body, { type: 'body' })) as object;
    return { value: { ...value }, cls: value.constructor.name };
  } catch (error) {
    if (!(error instanceof IysHttpException)) throw error;
    return { status: error.status, errors: error.errors };
  }
}

const scalar = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.integer({ min: -3, max: 2 ** 31 + 3 }),
  fc.constantFrom(0, -0, 1.5, 2 ** 31 - 1, 2 ** 31, Number.MAX_SAFE_INTEGER, true, false, null, ''),
);
const junk = fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 4 }), scalar, { maxKeys: 2 }));
const phone = fc.integer({ min: 5_000_000_000, max: 5_999_999_999 }).map((n) => `+90${n}`);
const date = fc
  .record({ y: fc.integer({ min: 1990, max: 2099 }), mo: fc.integer({ min: 0, max: 13 }), d: fc.integer({ min: 0, max: 32 }), h: fc.integer({ min: 0, max: 25 }), mi: fc.integer({ min: 0, max: 61 }) })
  .map(({ y, mo, d, h, mi }) => `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')} ${String(h).padStart(2, '0')}:${String(mi).padStart(2, '0')}:00`);
const longText = fc.integer({ min: 255, max: 280 }).map((n) => 'a'.repeat(n - 13) + '@example.com');
// Surrogate pairs: longer in UTF-16 units than class-validator's length, right at the 265 limit.
const astral = fc.integer({ min: 130, max: 136 }).map((n) => '😀'.repeat(n));
const recipient = fc.oneof(phone, fc.emailAddress(), longText, astral);
const retailer = fc.oneof(fc.integer({ min: 1, max: 2 ** 31 - 1 }), scalar);

type Field = { good: fc.Arbitrary<unknown>; near: fc.Arbitrary<unknown>; required?: boolean };

/**
 * A third right bodies (required fields present, right values), a third with each field right, a
 * near miss, junk or absent and sometimes an extra key, and junk that is not an object.
 */
function bodies(fields: Record<string, Field>): fc.Arbitrary<unknown> {
  const right = fc.record(
    Object.fromEntries(Object.entries(fields).map(([k, f]) => [k, f.good])),
    { requiredKeys: Object.entries(fields).filter(([, f]) => f.required).map(([k]) => k) },
  );
  const messy = fc.record(
    Object.fromEntries(Object.entries(fields).map(([k, f]) => [k, fc.oneof({ weight: 4, arbitrary: f.good }, { weight: 2, arbitrary: f.near }, { weight: 1, arbitrary: junk })])),
    { requiredKeys: [] },
  );
  const extra = fc.dictionary(fc.constantFrom('extra', 'constructor', '__proto__', 'toString', 'Recipient'), junk, { maxKeys: 1 });
  const withExtra = fc.tuple(messy, fc.oneof({ weight: 3, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: extra })).map(([r, e]) => {
    const body: Record<string, unknown> = { ...r };
    for (const [k, v] of Object.entries(e)) Object.defineProperty(body, k, { value: v, enumerable: true, writable: true, configurable: true });
    return body;
  });
  return fc.oneof({ weight: 6, arbitrary: right }, { weight: 6, arbitrary: withExtra }, { weight: 1, arbitrary: junk });
}

const RECIPIENT_TYPE: Field = { good: fc.constantFrom(...RECIPIENT_TYPES), near: fc.constantFrom('KURUM', 'bireysel'), required: true };
const TYPE: Field = { good: fc.constantFrom(...CONSENT_TYPES), near: fc.constantFrom('FAKS', 'mesaj'), required: true };
const RECIPIENT: Field = { good: fc.oneof(phone, fc.emailAddress()), near: fc.oneof(longText, astral), required: true };
const ADD = bodies({
  consentDate: { good: fc.constant('2024-03-01 10:00:00'), near: date },
  source: { good: fc.constantFrom(...PROVIDER_SOURCES), near: fc.constant('HS_FAKS') },
  recipient: RECIPIENT,
  recipientType: RECIPIENT_TYPE,
  status: { good: fc.constantFrom(...CONSENT_STATUSES), near: fc.constant('onay'), required: true },
  type: TYPE,
  retailerCode: { good: fc.integer({ min: 1, max: 2 ** 31 - 1 }), near: scalar },
  retailerAccess: {
    good: fc.array(fc.integer({ min: 1, max: 2 ** 31 - 1 }), { maxLength: 4 }),
    near: fc.oneof(fc.array(retailer, { maxLength: 4 }), fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 99, maxLength: 102 })),
  },
});
const STATUS = bodies({ recipient: RECIPIENT, recipientType: RECIPIENT_TYPE, type: TYPE });
const MULTI = bodies({
  recipients: { good: fc.array(phone, { minLength: 1, maxLength: 5 }), near: fc.oneof(fc.array(fc.oneof(phone, scalar), { maxLength: 3 }), fc.constant([])), required: true },
});

async function agree(cls: DtoClass, arbitrary: fc.Arbitrary<unknown>, array = false): Promise<{ accepted: number; refused: number }> {
  const compiled = array ? IysValidationPipe.arrayOf(cls) : new IysValidationPipe(cls);
  const reference = array ? IysValidationPipe.arrayOf(cls, { compiled: false }) : new IysValidationPipe(cls, { compiled: false });
  const seen = { accepted: 0, refused: 0 };
  await fc.assert(
    fc.asyncProperty(arbitrary, async (body) => {
      const expected = await outcome(reference, structuredClone(body));
      expect(await outcome(compiled, structuredClone(body))).toEqual(expected);
      seen['value' in expected ? 'accepted' : 'refused'] += 1;
    }),
    { numRuns: 600 },
  );
  return seen;
}

describe('the compiled acceptance check of the hot DTOs agrees with class-validator', () => {
  beforeAll(() => registerConsentCodes());

  it.each([
    ['C1 AddConsentDto', AddConsentDto, ADD],
    ['C2 ConsentStatusQueryDto', ConsentStatusQueryDto, STATUS],
    ['C5 MultiStatusQueryDto', MultiStatusQueryDto, MULTI],
  ] as const)('%s: same instance or same envelope and status', async (_name, cls, arbitrary) => {
    const seen = await agree(cls, arbitrary);
    // Both sides of the check are exercised, not only refusals.
    expect(seen.accepted).toBeGreaterThan(50);
    expect(seen.refused).toBeGreaterThan(50);
  });

  it('C3 batch items (an array of AddConsentDto): same instances or same envelope with item locations', async () => {
    const seen = await agree(AddConsentDto, fc.array(ADD, { maxLength: 3 }), true);
    expect(seen.accepted).toBeGreaterThan(20);
  });

  it('keeps the answer of an instance built by the compiled check a class instance with the body fields', async () => {
    const body = { recipient: '+905321234567', recipientType: 'BIREYSEL', type: 'MESAJ', status: 'ONAY', source: 'HS_WEB', consentDate: '2024-03-01 10:00:00', retailerAccess: [1, 2] };
    const value = await new IysValidationPipe(AddConsentDto).transform(body, { type: 'body' });
    expect(value).toBeInstanceOf(AddConsentDto);
    expect(value).toEqual(body);
    expect((value as AddConsentDto).retailerAccess).not.toBe(body.retailerAccess);
    // The hot DTOs are compiled (the agreement above is not the general path agreeing with itself).
    expect(compiledAcceptor(AddConsentDto)?.(body)).toEqual(body);
    expect(compiledAcceptor(ConsentStatusQueryDto)?.({ recipient: '+905321234567', recipientType: 'BIREYSEL', type: 'MESAJ' })).toBeInstanceOf(ConsentStatusQueryDto);
    expect(compiledAcceptor(MultiStatusQueryDto)?.({ recipients: ['+905321234567'] })).toBeInstanceOf(MultiStatusQueryDto);
  });
});
