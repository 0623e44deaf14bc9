import type { Decider } from '@iys/platform/building-blocks';
import { serviceProviderError } from './service-provider.errors.js';
import { CONSENT_CHANNELS, type BrandSnapshot, type ConsentChannel, type SealedPersonalData, type ServiceProviderEvent } from './service-provider.events.js';
import { isCorporateEmail } from './value-objects/corporate-email.js';
import { isTurkishMobile, isValidMersis, isValidTaxNumber } from './value-objects/registry-numbers.js';
import { isValidTurkishNationalId } from '@iys/platform/building-blocks';

export type ServiceProviderState =
  | { status: 'none' }
  | { status: 'pending'; applicationId: string; brandNames: string[] }
  | { status: 'rejected'; applicationId: string }
  | {
      status: 'approved';
      applicationId: string;
      iysCode: number;
      brands: (BrandSnapshot & { active: boolean })[];
      activationDate: string;
      integrators: number[];
    };

/** The signatory's details in clear, checked here and sealed by the caller before they become an event. */
export interface SignatoryDetails {
  name: string;
  nationalId: string;
  /** E.164, already normalised. */
  mobile: string;
  /** Lower-case, already normalised. */
  email: string;
}

export type ServiceProviderCommand =
  | {
      type: 'SubmitApplication';
      applicationId: string;
      title: string;
      mersis: string;
      taxNumber: string;
      address: string;
      signatory: { subjectId: string; sealed: Record<keyof SignatoryDetails, SealedPersonalData>; emailDomain: string };
      brands: { name: string; approvedAddressCount: number }[];
      submittedAt: string;
    }
  | { type: 'ApproveApplication'; iysCode: number; /** For every brand but the master, which is given `iysCode`. */ brandCodes: number[]; activationDate: string; approvedBy: string }
  | { type: 'RejectApplication'; reason: string; rejectedBy: string }
  | { type: 'AddBrand'; brandCode: number; name: string }
  | { type: 'DeactivateBrand'; brandCode: number }
  | { type: 'SetActivationDate'; activationDate: string; setBy: string }
  | { type: 'AuthoriseIntegrator'; integratorCode: number; brandCodes?: number[]; types: ConsentChannel[]; agreementControl: boolean }
  | { type: 'RevokeIntegrator'; integratorCode: number };

/**
 * Checks that need the signatory's details in clear. Run before sealing, so the details never have
 * to reach `decide`; all problems are reported together.
 */
export function checkApplicationDetails(details: {
  title: string;
  mersis: string;
  taxNumber: string;
  signatory: SignatoryDetails;
  brands: { name: string }[];
}): void {
  const problems = [
    details.title.trim().length === 0 || details.title.length > 255 ? serviceProviderError('H618', ['title']) : undefined,
    isValidMersis(details.mersis) ? undefined : serviceProviderError('H610', ['mersis']),
    isValidTaxNumber(details.taxNumber) ? undefined : serviceProviderError('H611', ['taxNumber']),
    isValidTurkishNationalId(details.signatory.nationalId) ? undefined : serviceProviderError('H612', ['signatory', 'nationalId']),
    isTurkishMobile(details.signatory.mobile) ? undefined : serviceProviderError('H617', ['signatory', 'mobile']),
    isCorporateEmail(details.signatory.email) ? undefined : serviceProviderError('H613', ['signatory', 'email']),
    hasDistinctBrands(details.brands) ? undefined : serviceProviderError('H614', ['brands']),
  ].filter((problem) => problem !== undefined);
  if (problems.length > 0) throw new AggregateError(problems, 'application details are invalid');
}

function hasDistinctBrands(brands: { name: string }[]): boolean {
  const names = brands.map((b) => b.name.trim().toLocaleUpperCase('tr-TR'));
  return names.length > 0 && names.every((n) => n.length > 0 && n.length <= 255) && new Set(names).size === names.length;
}

function decide(command: ServiceProviderCommand, state: ServiceProviderState): ServiceProviderEvent[] {
  switch (command.type) {
    case 'SubmitApplication': {
      if (state.status !== 'none') throw serviceProviderError('H615');
      const { type: _type, signatory, ...rest } = command;
      return [
        {
          type: 'service-provider.ApplicationSubmitted',
          data: { ...rest, signatory: { subjectId: signatory.subjectId, ...signatory.sealed }, emailDomain: signatory.emailDomain },
        },
      ];
    }
    case 'ApproveApplication': {
      if (state.status !== 'pending') throw serviceProviderError(state.status === 'none' ? 'H616' : 'H615');
      if (command.brandCodes.length !== state.brandNames.length - 1) throw new Error('one brand code is needed per brand but the master');
      // The first brand of the application is the master brand, as in İYS's brand list; it carries the
      // provider's own number as its brandCode, as public İYS examples and clients expect.
      const brands = state.brandNames.map((name, i) => ({ brandCode: i === 0 ? command.iysCode : command.brandCodes[i - 1], name, master: i === 0 }));
      return [
        {
          type: 'service-provider.ApplicationApproved',
          data: { applicationId: state.applicationId, iysCode: command.iysCode, brands, activationDate: command.activationDate, approvedBy: command.approvedBy },
        },
      ];
    }
    case 'RejectApplication': {
      if (state.status !== 'pending') throw serviceProviderError(state.status === 'none' ? 'H616' : 'H615');
      return [{ type: 'service-provider.ApplicationRejected', data: { applicationId: state.applicationId, reason: command.reason, rejectedBy: command.rejectedBy } }];
    }
    case 'AddBrand': {
      const approved = requireApproved(state);
      const name = command.name.trim().toLocaleUpperCase('tr-TR');
      if (!name || approved.brands.some((b) => b.name.trim().toLocaleUpperCase('tr-TR') === name)) throw serviceProviderError('H614', ['name']);
      return [{ type: 'service-provider.BrandAdded', data: { iysCode: approved.iysCode, brandCode: command.brandCode, name: command.name.trim() } }];
    }
    case 'DeactivateBrand': {
      const approved = requireApproved(state);
      const brand = approved.brands.find((b) => b.brandCode === command.brandCode);
      if (!brand || !brand.active || brand.master) throw serviceProviderError('H619', ['brandCode']);
      return [{ type: 'service-provider.BrandDeactivated', data: { iysCode: approved.iysCode, brandCode: command.brandCode } }];
    }
    case 'SetActivationDate': {
      const approved = requireApproved(state);
      return [{ type: 'service-provider.ActivationDateSet', data: { iysCode: approved.iysCode, activationDate: command.activationDate, setBy: command.setBy } }];
    }
    case 'AuthoriseIntegrator': {
      const approved = requireApproved(state);
      const active = approved.brands.filter((b) => b.active).map((b) => b.brandCode);
      const brandCodes = [...new Set(command.brandCodes ?? active)].sort((a, b) => a - b);
      const types = CONSENT_CHANNELS.filter((channel) => command.types.includes(channel));
      if (brandCodes.length === 0 || brandCodes.some((code) => !active.includes(code)) || types.length === 0 || types.length !== new Set(command.types).size) {
        throw serviceProviderError('H631', ['brandCodes']);
      }
      // Authorising again replaces the grant: the provider states the whole of it each time.
      return [
        {
          type: 'service-provider.IntegratorAuthorised',
          data: { iysCode: approved.iysCode, integratorCode: command.integratorCode, brandCodes, types, agreementControl: command.agreementControl },
        },
      ];
    }
    case 'RevokeIntegrator': {
      const approved = requireApproved(state);
      if (!approved.integrators.includes(command.integratorCode)) throw serviceProviderError('H632', ['integratorCode']);
      return [{ type: 'service-provider.IntegratorAuthorisationRevoked', data: { iysCode: approved.iysCode, integratorCode: command.integratorCode } }];
    }
  }
}

function requireApproved(state: ServiceProviderState): Extract<ServiceProviderState, { status: 'approved' }> {
  if (state.status !== 'approved') throw serviceProviderError(state.status === 'none' ? 'H616' : 'H615');
  return state;
}

function evolve(state: ServiceProviderState, event: ServiceProviderEvent): ServiceProviderState {
  switch (event.type) {
    case 'service-provider.ApplicationSubmitted':
      return { status: 'pending', applicationId: event.data.applicationId, brandNames: event.data.brands.map((b) => b.name) };
    case 'service-provider.ApplicationApproved':
      return {
        status: 'approved',
        applicationId: event.data.applicationId,
        iysCode: event.data.iysCode,
        brands: event.data.brands.map((b) => ({ ...b, active: true })),
        activationDate: event.data.activationDate,
        integrators: [],
      };
    case 'service-provider.ApplicationRejected':
      return { status: 'rejected', applicationId: event.data.applicationId };
    case 'service-provider.BrandAdded':
      return state.status === 'approved'
        ? { ...state, brands: [...state.brands, { brandCode: event.data.brandCode, name: event.data.name, master: false, active: true }] }
        : state;
    case 'service-provider.BrandDeactivated':
      return state.status === 'approved'
        ? { ...state, brands: state.brands.map((b) => (b.brandCode === event.data.brandCode ? { ...b, active: false } : b)) }
        : state;
    case 'service-provider.ActivationDateSet':
      return state.status === 'approved' ? { ...state, activationDate: event.data.activationDate } : state;
    case 'service-provider.IntegratorAuthorised':
      return state.status === 'approved' && !state.integrators.includes(event.data.integratorCode)
        ? { ...state, integrators: [...state.integrators, event.data.integratorCode] }
        : state;
    case 'service-provider.IntegratorAuthorisationRevoked':
      return state.status === 'approved' ? { ...state, integrators: state.integrators.filter((code) => code !== event.data.integratorCode) } : state;
  }
}

export const serviceProviderDecider: Decider<ServiceProviderCommand, ServiceProviderEvent, ServiceProviderState> = {
  decide,
  evolve,
  initialState: () => ({ status: 'none' }),
};
