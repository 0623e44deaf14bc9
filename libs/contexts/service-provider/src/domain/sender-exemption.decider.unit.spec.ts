import { describe, expect, it } from '@jest/globals';
import { foldEvents } from '@iys/platform/building-blocks';
import { senderExemptionDecider, type SenderExemptionCommand, type SenderExemptionEvent } from './sender-exemption.decider.js';

const grant: Extract<SenderExemptionCommand, { type: 'GrantSenderExemption' }> = {
  type: 'GrantSenderExemption',
  exemptionId: 'e6c1a9a0-0000-4000-8000-000000000001',
  organisation: ' Türk Kızılay ',
  kind: 'NGO',
  registrationNumber: { scheme: 'VKN', value: '1234567890' },
  senders: [{ channel: 'MESAJ', senderId: 'kızılay' }, { channel: 'MESAJ', senderId: 'KIZILAY' }, { channel: 'EPOSTA', senderId: 'Kizilay.ORG.tr' }],
  validFrom: '2026-01-01T00:00:00+03:00',
  validTo: null,
  legalBasis: 'Yönetmelik md. 6',
  grantedBy: 'admin-1',
};
const decide = (command: SenderExemptionCommand, history: SenderExemptionEvent[] = []) =>
  senderExemptionDecider.decide(command, foldEvents(senderExemptionDecider, history));

describe('senderExemptionDecider', () => {
  it('grants with normalised, de-duplicated identities and ISO instants', () => {
    const [event] = decide(grant);
    expect(event).toEqual({
      type: 'service-provider.SenderExemptionGranted',
      data: expect.objectContaining({
        organisation: 'Türk Kızılay',
        senders: [{ channel: 'MESAJ', senderId: 'KIZILAY' }, { channel: 'EPOSTA', senderId: 'kizilay.org.tr' }],
        validFrom: '2025-12-31T21:00:00.000Z',
        validTo: null,
      }),
    });
  });

  it('refuses an unusable grant with H731 at the field', () => {
    const code = (command: SenderExemptionCommand) => {
      try {
        decide(command);
      } catch (error) {
        return [(error as { code: string }).code, (error as { location: unknown[] }).location];
      }
      return 'accepted';
    };
    expect(code({ ...grant, organisation: ' ' })).toEqual(['H731', ['organisation']]);
    expect(code({ ...grant, registrationNumber: { scheme: 'MERSIS', value: '123' } })).toEqual(['H731', ['registrationNumber']]);
    expect(code({ ...grant, senders: [] })).toEqual(['H731', ['senders']]);
    expect(code({ ...grant, senders: [{ channel: 'ARAMA', senderId: 'not a number' }] })).toEqual(['H731', ['senders', 0]]);
    expect(code({ ...grant, validTo: '2025-06-01T00:00:00Z' })).toEqual(['H731', ['validTo']]);
  });

  it('ends once; ending an unknown or already ended exemption is refused; a retried grant writes nothing', () => {
    const granted = decide(grant);
    expect(decide(grant, granted)).toEqual([]);
    const ended = decide({ type: 'EndSenderExemption', endedAt: '2026-06-01T00:00:00.000Z', endedBy: 'admin-1' }, granted);
    expect(ended).toEqual([{ type: 'service-provider.SenderExemptionEnded', data: { exemptionId: grant.exemptionId, endedAt: '2026-06-01T00:00:00.000Z', endedBy: 'admin-1' } }]);
    expect(() => decide({ type: 'EndSenderExemption', endedAt: '2026-07-01T00:00:00.000Z', endedBy: 'admin-1' }, [...granted, ...ended])).toThrow(expect.objectContaining({ code: 'H733' }));
    expect(() => decide({ type: 'EndSenderExemption', endedAt: '2026-07-01T00:00:00.000Z', endedBy: 'admin-1' })).toThrow(expect.objectContaining({ code: 'H732' }));
  });
});
