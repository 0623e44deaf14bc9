import { describe, expect, it } from '@jest/globals';
import { foldEvents, type DomainError } from '@iys/platform/building-blocks';
import { checkApplicationDetails, serviceProviderDecider, type ServiceProviderCommand } from './service-provider.decider.js';
import type { ServiceProviderEvent } from './service-provider.events.js';

const sealed = { $enc: 'v1', kid: 'k', iv: 'i', ct: 'c', tag: 't' };
const submit: ServiceProviderCommand = {
  type: 'SubmitApplication',
  applicationId: 'app-1',
  title: 'Örnek A.Ş.',
  mersis: '0015001526400496',
  taxNumber: '1234567890',
  address: 'İstanbul',
  signatory: { subjectId: 'subject-1', sealed: { name: sealed, nationalId: sealed, mobile: sealed, email: sealed }, emailDomain: 'ornek.com.tr' },
  brands: [
    { name: 'ÖRNEK', approvedAddressCount: 10 },
    { name: 'ÖRNEK MARKET', approvedAddressCount: 5 },
  ],
  submittedAt: '2026-11-23T10:00:00.000Z',
};

/** given(events).when(command) → events, the decider's whole contract. */
function given(...events: ServiceProviderEvent[]) {
  const state = foldEvents(serviceProviderDecider, events);
  return {
    when: (command: ServiceProviderCommand) => serviceProviderDecider.decide(command, state),
    whenRejected: (command: ServiceProviderCommand) => {
      try {
        serviceProviderDecider.decide(command, state);
      } catch (error) {
        return (error as DomainError).code;
      }
      throw new Error('expected the command to be refused');
    },
  };
}

const submitted = given().when(submit)[0];
const approved = given(submitted).when({ type: 'ApproveApplication', iysCode: 600001, brandCodes: [600002], activationDate: '2026-12-01T00:00:00.000Z', approvedBy: 'admin' })[0];

describe('service provider decider', () => {
  it('records an application with the signatory sealed and nothing in clear', () => {
    expect(submitted.type).toBe('service-provider.ApplicationSubmitted');
    expect(JSON.stringify(submitted)).not.toMatch(/\+90|@/);
  });

  it('approves a pending application once: the first brand is the master, numbered with the iysCode', () => {
    expect(approved).toEqual({
      type: 'service-provider.ApplicationApproved',
      data: {
        applicationId: 'app-1',
        iysCode: 600001,
        brands: [
          { brandCode: 600001, name: 'ÖRNEK', master: true },
          { brandCode: 600002, name: 'ÖRNEK MARKET', master: false },
        ],
        activationDate: '2026-12-01T00:00:00.000Z',
        approvedBy: 'admin',
      },
    });
    expect(given(submitted, approved).whenRejected({ type: 'RejectApplication', reason: 'x', rejectedBy: 'admin' })).toBe('H615');
    expect(given().whenRejected({ type: 'RejectApplication', reason: 'x', rejectedBy: 'admin' })).toBe('H616');
    expect(given(submitted).whenRejected(submit)).toBe('H615');
  });

  it('adds brands with distinct names (Turkish case rules) and never deactivates the master', () => {
    expect(given(submitted, approved).whenRejected({ type: 'AddBrand', brandCode: 700003, name: 'örnek market' })).toBe('H614');
    expect(given(submitted, approved).when({ type: 'AddBrand', brandCode: 700003, name: 'ÖRNEK OUTLET' })).toHaveLength(1);
    expect(given(submitted, approved).whenRejected({ type: 'DeactivateBrand', brandCode: 600001 })).toBe('H619');
    const deactivated = given(submitted, approved).when({ type: 'DeactivateBrand', brandCode: 600002 })[0];
    expect(given(submitted, approved, deactivated).whenRejected({ type: 'DeactivateBrand', brandCode: 600002 })).toBe('H619');
  });

  it('grants integrators active brands and known types only, and revokes only what was granted', () => {
    const granted = given(submitted, approved).when({ type: 'AuthoriseIntegrator', integratorCode: 900001, types: ['MESAJ', 'ARAMA'], agreementControl: true });
    expect(granted[0].data).toEqual({ iysCode: 600001, integratorCode: 900001, brandCodes: [600001, 600002], types: ['ARAMA', 'MESAJ'], agreementControl: true });
    expect(given(submitted, approved).whenRejected({ type: 'AuthoriseIntegrator', integratorCode: 900001, brandCodes: [1], types: ['MESAJ'], agreementControl: false })).toBe('H631');
    expect(given(submitted, approved).whenRejected({ type: 'AuthoriseIntegrator', integratorCode: 900001, types: [], agreementControl: false })).toBe('H631');
    expect(given(submitted, approved).whenRejected({ type: 'RevokeIntegrator', integratorCode: 900001 })).toBe('H632');
    expect(given(submitted, approved, granted[0]).when({ type: 'RevokeIntegrator', integratorCode: 900001 })[0].type).toBe('service-provider.IntegratorAuthorisationRevoked');
  });

  it('reports every broken application detail at once', () => {
    try {
      checkApplicationDetails({
        title: '',
        mersis: '1',
        taxNumber: '2',
        signatory: { name: 'A', nationalId: '11111111111', mobile: '+902121230000', email: 'a@gmail.com' },
        brands: [{ name: 'X' }, { name: 'x' }],
      });
      throw new Error('expected problems');
    } catch (error) {
      expect((error as AggregateError).errors.map((e: DomainError) => e.code)).toEqual(['H618', 'H610', 'H611', 'H612', 'H617', 'H613', 'H614']);
    }
  });
});
