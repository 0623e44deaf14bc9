import { describe, expect, it } from '@jest/globals';
import { MAX_CHECKS_PER_CALL, parseCheckRequest } from './gate-input.js';

const item = { sender: { iysCode: 1, brandCode: 2 }, recipient: '+905321234567', type: 'MESAJ', category: 'TICARI' };

describe('parseCheckRequest', () => {
  it('takes brand senders and identity senders, with an optional İYS date', () => {
    const parsed = parseCheckRequest({ items: [item, { ...item, sender: { senderId: 'KAHVECI' }, at: '2026-12-03 12:00:00' }] });
    expect(parsed).toEqual({
      checks: [
        { sender: { iysCode: 1, brandCode: 2 }, recipient: '+905321234567', type: 'MESAJ', category: 'TICARI' },
        { sender: { senderId: 'KAHVECI' }, recipient: '+905321234567', type: 'MESAJ', category: 'TICARI', at: new Date('2026-12-03T09:00:00.000Z') },
      ],
    });
  });

  it('names each wrong field by its location, never its value', () => {
    const parsed = parseCheckRequest({ items: [item, { ...item, type: 'FAKS', sender: { iysCode: -1, brandCode: 2 } }, { ...item, category: 'X', at: '03.12.2026' }] });
    expect(parsed).toEqual({
      problems: [
        { code: 'H734', location: ['items', 1, 'sender'] },
        { code: 'H734', location: ['items', 1, 'type'] },
        { code: 'H734', location: ['items', 2, 'category'] },
        { code: 'H734', location: ['items', 2, 'at'] },
      ],
    });
  });

  it('refuses an empty list, a missing list and more than 1000 items', () => {
    expect(parseCheckRequest({ items: [] })).toEqual({ problems: [{ code: 'H734', location: ['items'] }] });
    expect(parseCheckRequest([item])).toEqual({ problems: [{ code: 'H734', location: ['items'] }] });
    expect(parseCheckRequest({ items: Array(MAX_CHECKS_PER_CALL + 1).fill(item) })).toEqual({ problems: [{ code: 'H735', location: ['items'] }] });
    expect('checks' in parseCheckRequest({ items: Array(MAX_CHECKS_PER_CALL).fill(item) })).toBe(true);
  });
});
