import { ConsentContracts } from '@iys/contracts';

/**
 * Facts about a service provider (hizmet sağlayıcı): its application, the registry's decision, its
 * brands and activation date. Personal data of the signatory is sealed (encrypted per subject)
 * before it reaches an event; the domain only carries the sealed form.
 */
export type SealedPersonalData = { [key: string]: string };

export interface BrandSnapshot {
  brandCode: number;
  name: string;
  master: boolean;
}

export type ServiceProviderEvent =
  | {
      type: 'service-provider.ApplicationSubmitted';
      data: {
        applicationId: string;
        title: string;
        mersis: string;
        taxNumber: string;
        address: string;
        signatory: { subjectId: string; name: SealedPersonalData; nationalId: SealedPersonalData; mobile: SealedPersonalData; email: SealedPersonalData };
        emailDomain: string;
        brands: { name: string; approvedAddressCount: number }[];
        submittedAt: string;
      };
    }
  | {
      type: 'service-provider.ApplicationApproved';
      data: { applicationId: string; iysCode: number; brands: BrandSnapshot[]; activationDate: string; approvedBy: string };
    }
  | { type: 'service-provider.ApplicationRejected'; data: { applicationId: string; reason: string; rejectedBy: string } }
  | { type: 'service-provider.BrandAdded'; data: { iysCode: number; brandCode: number; name: string } }
  | { type: 'service-provider.BrandDeactivated'; data: { iysCode: number; brandCode: number } }
  | { type: 'service-provider.ActivationDateSet'; data: { iysCode: number; activationDate: string; setBy: string } }
  | {
      type: 'service-provider.IntegratorAuthorised';
      data: { iysCode: number; integratorCode: number; brandCodes: number[]; types: ConsentChannel[]; agreementControl: boolean };
    }
  | { type: 'service-provider.IntegratorAuthorisationRevoked'; data: { iysCode: number; integratorCode: number } };

/** İYS consent types (izin tipi) an integrator may be allowed to handle. */
export type ConsentChannel = ConsentContracts.ConsentTypeValue;
export const CONSENT_CHANNELS: readonly ConsentChannel[] = ConsentContracts.CONSENT_TYPES;

/** An integrator (iş ortağı): a licensed company acting for the providers that authorise it. */
export type IntegratorEvent = { type: 'service-provider.IntegratorRegistered'; data: { integratorId: string; integratorCode: number; title: string } };

export type ServiceProviderEventType = ServiceProviderEvent['type'];
