import { describe, expect, it } from '@jest/globals';
import { parseScrubList } from './scrub-input.js';

describe('parseScrubList', () => {
  it('reads the first CSV column, with or without a header, quoted or not, skipping blank lines', () => {
    expect(parseScrubList('recipient,name\r\n+905321234567,Ali\n\n"ali@example.com",x\n+905321234568;y', 'csv')).toEqual([
      '+905321234567',
      'ali@example.com',
      '+905321234568',
    ]);
    expect(parseScrubList('+905321234567', 'csv')).toEqual(['+905321234567']);
  });

  it('reads JSON lines of strings or objects', () => {
    expect(parseScrubList('"+905321234567"\n{"recipient":"ali@example.com"}\n', 'jsonl')).toEqual(['+905321234567', 'ali@example.com']);
    expect(parseScrubList('{"to":"x"}', 'jsonl')).toBeUndefined();
    expect(parseScrubList('not json', 'jsonl')).toBeUndefined();
  });

  it('refuses an empty list, an unterminated quote and an over-long line', () => {
    expect(parseScrubList('\n\n', 'csv')).toBeUndefined();
    expect(parseScrubList('recipient\n', 'csv')).toBeUndefined();
    expect(parseScrubList('"+90532', 'csv')).toBeUndefined();
    expect(parseScrubList('x'.repeat(1001), 'csv')).toBeUndefined();
  });
});
