import { describe, expect, it } from '@jest/globals';
import { eventChainVerdict } from './consent-audit-events.js';

describe('eventChainVerdict: where a stream’s chain check leaves each event', () => {
  it('vouches for every event of an intact chain', () => {
    expect([1, 2, 3].map((position) => eventChainVerdict({ ok: true, eventsChecked: 3 }, position))).toEqual(['intact', 'intact', 'intact']);
  });

  it('marks the first broken event and leaves every later one unchecked', () => {
    const chain = { ok: false, eventsChecked: 1, firstBroken: { position: 2, reason: 'hash-mismatch' as const } };
    expect([1, 2, 3, 4].map((position) => eventChainVerdict(chain, position))).toEqual(['intact', 'broken', 'unchecked', 'unchecked']);
  });

  it('vouches for nothing when a failed check names no position', () => {
    expect(eventChainVerdict({ ok: false, eventsChecked: 0 }, 1)).toBe('unchecked');
  });
});
