import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { IysHttpException } from '@iys/platform/nest';
import { registerConsentCodes } from '../../application/consent-codes.js';
import { MULTI_STATUS_BODY, MULTI_STATUS_ROUTE } from './consent.controller.js';
import { MultiStatusQueryDto } from './dto/consent.request.dto.js';
import { parseBodyFor } from './scanned-body.testing.js';

/**
 * C5's scanner is a shortcut only: through the real JSON parser and the route's body pipe, a body
 * gets the same recipients or the same refusal whether the scanner reads it or the generic path does.
 */
registerConsentCodes();

async function c5Outcome(route: string, raw: string): Promise<{ scanned: boolean; result: unknown }> {
  const { error: failed, value, scanned } = parseBodyFor(route, raw);
  if (failed !== null) return { scanned, result: { parserError: String(failed) } };
  try {
    const body = (await MULTI_STATUS_BODY.transform(value, { type: 'body', metatype: MultiStatusQueryDto, data: undefined })) as MultiStatusQueryDto;
    return { scanned, result: { recipients: body.recipients, keys: Object.keys(body) } };
  } catch (thrown) {
    if (!(thrown instanceof IysHttpException)) throw thrown;
    return { scanned, result: { status: thrown.status, errors: thrown.errors } };
  }
}

async function sameC5(raw: string): Promise<boolean> {
  const fast = await c5Outcome(MULTI_STATUS_ROUTE, raw);
  const generic = await c5Outcome('/not-scanned', raw);
  expect(generic.scanned).toBe(false);
  expect(fast.result).toEqual(generic.result);
  return fast.scanned;
}

const recipient = fc.oneof(fc.stringMatching(/^\+905[0-9]{9}$/), fc.emailAddress());
const anyValue = fc.oneof(recipient, fc.string({ maxLength: 20, unit: 'grapheme' }), fc.integer(), fc.constant(null), fc.constant([]));

describe('C5 reads a body to the same outcome with or without its scanner', () => {
  it('the common shape is read by the scanner, to the same recipients', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(recipient, { minLength: 1, maxLength: 40 }), fc.boolean(), async (recipients, spaced) => {
        expect(await sameC5(JSON.stringify({ recipients }, null, spaced ? 1 : undefined))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('any body, valid or not: the same recipients or the same refusal', async () => {
    let scanned = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.record({ recipients: fc.array(anyValue, { maxLength: 5 }) }),
          fc.record({ recipients: fc.array(recipient, { minLength: 1, maxLength: 5 }) }),
          fc.record({ recipients: fc.array(recipient, { minLength: 1, maxLength: 5 }), extra: fc.constant(1) }, { requiredKeys: ['recipients'] }),
          fc.record({ recipients: anyValue }),
          fc.constantFrom(null, [], {}, 'x'),
        ),
        fc.integer({ min: 0, max: 3 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        async (body, edit, at) => {
          let raw = JSON.stringify(body);
          const cut = Math.floor(at * raw.length);
          if (edit === 1) raw = raw.slice(0, cut) + raw.slice(cut + 1);
          if (edit === 2) raw = raw.replace('"+90', '"\\u002B90');
          if (edit === 3) raw = `${raw.slice(0, cut)},${raw.slice(cut)}`;
          if (await sameC5(raw)) scanned++;
        },
      ),
      { numRuns: 1500 },
    );
    expect(scanned).toBeGreaterThan(50);
  });

  it('bounds: 1000 recipients are read, 1001 and none go to the pipe (H642, H164)', async () => {
    expect(await sameC5(JSON.stringify({ recipients: Array(1000).fill('+905321234567') }))).toBe(true);
    expect(await sameC5(JSON.stringify({ recipients: Array(1001).fill('+905321234567') }))).toBe(false);
    expect(await sameC5('{"recipients":[]}')).toBe(false);
  });
});
