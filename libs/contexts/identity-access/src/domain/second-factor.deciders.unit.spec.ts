import { describe, expect, it } from '@jest/globals';
import { totpDecider, totpPolicyDecider, type SecondFactorEvent, type TotpCommand, type TotpState } from './second-factor.deciders.js';

const sealed = { $enc: 'v1', kid: 'e1', iv: 'x', ct: 'y', tag: 'z' };
const AT = '2026-12-07T19:00:00.000Z';
const run = (commands: TotpCommand[]): TotpState =>
  commands.reduce((state, command) => totpDecider.decide(command, state).reduce((s: TotpState, e: SecondFactorEvent) => totpDecider.evolve(s, e), state), totpDecider.initialState());
const start: TotpCommand = { type: 'StartTotpEnrolment', userId: 'u', enrolmentId: 'e1', secret: sealed, at: AT };

describe('totpDecider', () => {
  it('is off, pending after enrolment, on after the first code; a step is spent once', () => {
    const on = run([start, { type: 'ConfirmTotpEnrolment', userId: 'u', step: 100, at: AT }]);
    expect(on).toMatchObject({ status: 'on', lastStep: 100 });
    expect(() => totpDecider.decide({ type: 'AcceptTotpCode', userId: 'u', step: 100, at: AT }, on)).toThrow(expect.objectContaining({ code: 'H831' }));
    expect(() => totpDecider.decide({ type: 'AcceptTotpCode', userId: 'u', step: 99, at: AT }, on)).toThrow(expect.objectContaining({ code: 'H831' }));
    expect(totpDecider.decide({ type: 'AcceptTotpCode', userId: 'u', step: 101, at: AT }, on)).toHaveLength(1);
    expect(() => totpDecider.decide(start, on)).toThrow(expect.objectContaining({ code: 'H833' }));
  });

  it('refuses confirming without a pending enrolment, and turning off what is off', () => {
    expect(() => run([{ type: 'ConfirmTotpEnrolment', userId: 'u', step: 1, at: AT }])).toThrow(expect.objectContaining({ code: 'H832' }));
    expect(() => run([{ type: 'DisableTotp', userId: 'u', by: 'u', enforced: false, byAdmin: false, at: AT }])).toThrow(expect.objectContaining({ code: 'H834' }));
  });

  it('keeps a required second factor on unless the administrator turns it off', () => {
    const on = run([start, { type: 'ConfirmTotpEnrolment', userId: 'u', step: 5, at: AT }]);
    expect(() => totpDecider.decide({ type: 'DisableTotp', userId: 'u', by: 'u', enforced: true, byAdmin: false, at: AT }, on)).toThrow(expect.objectContaining({ code: 'H835' }));
    const [event] = totpDecider.decide({ type: 'DisableTotp', userId: 'u', by: 'admin', enforced: true, byAdmin: true, at: AT }, on);
    expect(totpDecider.evolve(on, event!)).toEqual({ status: 'off', lastStep: 5, enrolmentId: 'e1' });
  });
});

describe('totpPolicyDecider', () => {
  it('needs the setter’s own second factor to require it (not the administrator’s), and records only changes', () => {
    const set = { type: 'SetTotpRequirement' as const, iysCode: 7, required: true, setBy: 'u', at: AT };
    expect(() => totpPolicyDecider.decide({ ...set, byAdmin: false, actorHasTotp: false }, { required: false })).toThrow(expect.objectContaining({ code: 'H836' }));
    expect(totpPolicyDecider.decide({ ...set, byAdmin: true, actorHasTotp: false }, { required: false })).toHaveLength(1);
    expect(totpPolicyDecider.decide({ ...set, byAdmin: false, actorHasTotp: true }, { required: true })).toEqual([]);
    expect(totpPolicyDecider.decide({ ...set, required: false, byAdmin: false, actorHasTotp: false }, { required: true })).toHaveLength(1);
  });
});
