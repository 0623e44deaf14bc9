import { describe, expect, it } from '@jest/globals';
import { foldEvents } from '@iys/platform/building-blocks';
import { normaliseSenderId } from './sender-identity.js';
import { senderIdentityDecider, type SenderIdentityCommand } from './sender-identity.decider.js';

describe('normaliseSenderId', () => {
  it.each([
    ['MESAJ', 'Şölen Çay', 'SOLEN CAY'],
    ['MESAJ', 'iyiMarka', 'IYIMARKA'],
    ['ARAMA', '+90 (212) 555 12 34', '+902125551234'],
    ['ARAMA', '0212 555 1234', '+902125551234'],
    ['ARAMA', '2125551234', '+902125551234'],
    ['ARAMA', '444 1 444', '4441444'],
    ['EPOSTA', 'Kampanya.Ornek.COM.tr', 'kampanya.ornek.com.tr'],
  ] as const)('%s %j → %j', (channel, raw, expected) => {
    expect(normaliseSenderId(channel, raw)).toBe(expected);
  });

  it.each([
    ['MESAJ', 'AB'],
    ['MESAJ', 'TWELVE CHARS'],
    ['MESAJ', 'BAD\u202EHEADER'],
    ['ARAMA', '+44 20 7946 0958'],
    ['ARAMA', '0123 456 78 90'],
    ['ARAMA', '+90 212 555 12'],
    ['EPOSTA', 'kampanya@ornek.com'],
    ['EPOSTA', 'localhost'],
    ['EPOSTA', ' '],
  ] as const)('refuses %s %j', (channel, raw) => {
    expect(normaliseSenderId(channel, raw)).toBeUndefined();
  });
});

describe('sender identity decider', () => {
  const register = (iysCode: number, brandCode: number, brandActive = true): SenderIdentityCommand => ({
    type: 'RegisterSender', iysCode, brandCode, channel: 'MESAJ', senderId: 'ORNEK', brandActive,
  });
  const refusal = (command: SenderIdentityCommand, state = senderIdentityDecider.initialState()) => {
    try {
      senderIdentityDecider.decide(command, state);
    } catch (error) {
      return (error as { code: string }).code;
    }
    return undefined;
  };
  const held = foldEvents(senderIdentityDecider, senderIdentityDecider.decide(register(700001, 10), senderIdentityDecider.initialState()));

  it('gives an identity to one brand; the same brand again changes nothing; another brand is refused (H682)', () => {
    expect(held).toEqual({ held: true, iysCode: 700001, brandCode: 10 });
    expect(senderIdentityDecider.decide(register(700001, 10), held)).toEqual([]);
    expect(refusal(register(700002, 20), held)).toBe('H682');
    expect(refusal(register(700001, 11), held)).toBe('H682');
  });

  it('refuses a passive or foreign brand (H619)', () => {
    expect(refusal(register(700001, 10, false))).toBe('H619');
  });

  it('lets only the holding brand remove it (H683), after which another brand may take it', () => {
    const remove = (iysCode: number, brandCode: number): SenderIdentityCommand => ({ type: 'RemoveSender', iysCode, brandCode, channel: 'MESAJ', senderId: 'ORNEK' });
    expect(refusal(remove(700002, 20), held)).toBe('H683');
    expect(refusal(remove(700001, 10))).toBe('H683');
    const released = foldEvents(senderIdentityDecider, [...senderIdentityDecider.decide(register(700001, 10), senderIdentityDecider.initialState()), ...senderIdentityDecider.decide(remove(700001, 10), held)]);
    expect(released).toEqual({ held: false });
    expect(senderIdentityDecider.decide(register(700002, 20), released)).toHaveLength(1);
  });
});
