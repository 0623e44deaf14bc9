import { describe, expect, it } from '@jest/globals';
import { DomainError, foldEvents, parseIysDateTime } from '@iys/platform/building-blocks';
import { consentDecider, type ChangeRetailerAccess, type RegisterConsent } from './consent.decider.js';
import type { ConsentEvent } from './consent.events.js';

const at = (text: string) => parseIysDateTime(text)!.toISOString();
const register: RegisterConsent = {
  type: 'RegisterConsent',
  iysCode: 600001,
  brandCode: 700001,
  recipientId: 'rcp_1',
  recipient: { $enc: 'v1', kid: 'k', iv: 'i', ct: 'c', tag: 't' },
  addressKind: 'phone',
  recipientType: 'BIREYSEL',
  consentType: 'MESAJ',
  status: 'ONAY',
  consentDate: at('2024-03-04 10:00:00'),
  source: 'HS_WEB',
  origin: 'HS',
  retailerCode: null,
  retailerAccess: [],
  now: at('2024-03-05 12:00:00'),
  activationDate: at('2020-01-01 00:00:00'),
};
const change = (mode: ChangeRetailerAccess['mode'], retailerCodes: number[] = []): ChangeRetailerAccess => ({
  type: 'ChangeRetailerAccess',
  mode,
  iysCode: 600001,
  brandCode: 700001,
  recipientId: 'rcp_1',
  recipientType: 'BIREYSEL',
  consentType: 'MESAJ',
  retailerCodes,
});

/** The events of a registered consent after the given access changes, and the list they leave. */
function after(...commands: (ChangeRetailerAccess | RegisterConsent)[]) {
  const history: ConsentEvent[] = [];
  for (const command of commands) history.push(...consentDecider.decide(command, foldEvents(consentDecider, history)));
  const state = foldEvents(consentDecider, history);
  return { history, access: state.status === 'none' ? undefined : state.retailerAccess };
}

describe('retailer access on the consent (İYS RA1–RA5)', () => {
  it('adds only what is new (RA1), replaces with a revoke then a grant (RA2), removes the listed or all (RA4, RA5)', () => {
    expect(after(register, change('add', [1, 2]), change('add', [2, 3])).history.slice(1)).toEqual([
      { type: 'consent.RetailerAccessGranted', data: expect.objectContaining({ retailerCodes: [1, 2], retailerAccess: [1, 2] }) },
      { type: 'consent.RetailerAccessGranted', data: expect.objectContaining({ retailerCodes: [3], retailerAccess: [1, 2, 3] }) },
    ]);
    expect(after(register, change('add', [1, 2]), change('replace', [2, 4])).history.slice(2).map((e) => [e.type, e.data])).toEqual([
      ['consent.RetailerAccessRevoked', expect.objectContaining({ retailerCodes: [1], retailerAccess: [2] })],
      ['consent.RetailerAccessGranted', expect.objectContaining({ retailerCodes: [4], retailerAccess: [2, 4] })],
    ]);
    expect(after(register, change('add', [1, 2, 3]), change('remove', [2, 9])).access).toEqual([1, 3]);
    expect(after(register, change('add', [1, 2, 3]), change('remove-all')).access).toEqual([]);
  });

  it('writes nothing when nothing changes', () => {
    const { history } = after(register, change('add', [1]));
    const state = foldEvents(consentDecider, history);
    expect(consentDecider.decide(change('add', [1]), state)).toEqual([]);
    expect(consentDecider.decide(change('replace', [1]), state)).toEqual([]);
    expect(consentDecider.decide(change('remove', [7]), state)).toEqual([]);
    expect(consentDecider.decide(change('remove-all'), foldEvents(consentDecider, history.slice(0, 1)))).toEqual([]);
  });

  it('refuses a consent that does not exist (H401)', () => {
    expect(() => consentDecider.decide(change('add', [1]), { status: 'none' })).toThrow(expect.objectContaining({ code: 'H401' }) as unknown as DomainError);
  });

  it('keeps the list through status changes: a RET consent still lists its retailers (docs/adr/0031)', () => {
    const rejected = { ...register, status: 'RET' as const, consentDate: at('2024-03-05 10:00:00') };
    const { history, access } = after(register, change('add', [5]), rejected);
    expect(history.at(-1)).toMatchObject({ type: 'consent.ConsentRejected', data: { retailerAccess: [5] } });
    expect(access).toEqual([5]);
    // A C1 update's own retailerAccess does not replace the list; RA1–RA5 do.
    expect(after(register, change('add', [5]), { ...rejected, retailerAccess: [9] }).access).toEqual([5]);
  });
});
