import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { canonicalJson } from '@iys/platform/building-blocks';
import { createTestDatabase, type TestDatabase } from '@iys/platform/testing';
import { canonicalJsonOfText, isoFromUtcTimestampText } from './stored-event-text.js';

/** The verifier rebuilds hashed bytes from what PostgreSQL prints: checked here against that printing itself. */
describe('stored event text', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase([], 2);
  });
  afterAll(() => db.drop());

  it('rewrites jsonb text exactly as canonicalJson(JSON.parse(text)), for any JSON PostgreSQL can store', async () => {
    const storable = (value: unknown) => !JSON.stringify(value).includes('\\u0000'); // jsonb refuses U+0000
    const values = [
      ...fc.sample(fc.jsonValue().filter(storable), { numRuns: 1500, seed: 65 }),
      ...fc.sample(fc.dictionary(fc.oneof(fc.string(), fc.constantFrom('__proto__', '10', '9', 'a\\"b', 'é', '𝒳')), fc.jsonValue()).filter(storable), { numRuns: 1500, seed: 66 }),
      { n: 1.5, m: -0, big: 1e21, small: 1e-7, int: 123456789012345678, neg: -12, zero: 0, exp: 2.5e-10 },
      { text: 'line\nbreak\ttab "quoted" back\\slash \u0001 \u001f \u007f \u2028 é', nested: [{ b: 1, a: [] }, {}] },
    ];
    const { rows } = await db.pool.query<{ text: string }>('SELECT value::text AS text FROM jsonb_array_elements($1::jsonb) value', [JSON.stringify(values)]);
    expect(rows).toHaveLength(values.length);
    for (const { text } of rows) expect(canonicalJsonOfText(text)).toBe(canonicalJson(JSON.parse(text)));
  });

  it("reads a timestamptz printed in UTC as to_char(…, 'MS') and toISOString have it", async () => {
    const instants = fc.sample(fc.integer({ min: Date.UTC(1000, 0, 1) * 1000, max: Date.UTC(9999, 11, 31) * 1000 }), { numRuns: 2000, seed: 65 });
    const client = await db.pool.connect();
    try {
      await client.query(`SET TimeZone = 'UTC'; SET DateStyle = 'ISO, YMD'`);
      const { rows } = await client.query<{ text: string; expected: string }>(
        `SELECT t::text AS text, to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS expected
           FROM unnest($1::float8[]) micros, to_timestamp(micros / 1e6) t`,
        [[...instants, 0, Date.UTC(2026, 11, 7, 21, 0, 0, 120) * 1000]],
      );
      for (const { text, expected } of rows) {
        expect(isoFromUtcTimestampText(text)).toBe(expected);
        expect(new Date(expected).toISOString()).toBe(expected);
      }
    } finally {
      client.release();
    }
  });

  it('refuses a timestamp that toISOString would not print that way', () => {
    expect(isoFromUtcTimestampText('12026-01-01 00:00:00+00')).toBeUndefined();
    expect(isoFromUtcTimestampText('0044-03-15 12:00:00+00 BC')).toBeUndefined();
    expect(isoFromUtcTimestampText('2026-01-01 03:00:00+03')).toBeUndefined();
  });
});
