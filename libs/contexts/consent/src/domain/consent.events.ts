import { ConsentContracts } from '@iys/contracts';

/**
 * Facts about one consent (izin): the quadruple brandCode + recipient + recipientType + type.
 * The recipient appears only as its opaque id and a sealed (encrypted) copy of the address.
 */

// The shared İYS enums are the published ones (@iys/contracts): declared once for every context.
export type ConsentStatus = ConsentContracts.ConsentStatusValue;
export type ConsentType = ConsentContracts.ConsentTypeValue;
export type RecipientType = ConsentContracts.RecipientTypeValue;
/** Who made the change: the provider (or its integrator/dealer) or the recipient through the registry. */
export type ConsentOrigin = ConsentContracts.ConsentOriginValue;
export type SealedAddress = { [key: string]: string };

export const CONSENT_STATUSES: readonly ConsentStatus[] = ConsentContracts.CONSENT_STATUSES;
export const CONSENT_TYPES: readonly ConsentType[] = ConsentContracts.CONSENT_TYPES;
export const RECIPIENT_TYPES: readonly RecipientType[] = ConsentContracts.RECIPIENT_TYPES;
export const { PROVIDER_SOURCES, REGISTRY_SOURCES } = ConsentContracts;
export type ProviderSource = (typeof PROVIDER_SOURCES)[number];
export type RegistrySource = (typeof REGISTRY_SOURCES)[number];
export type ConsentSource = ProviderSource | RegistrySource;

export interface ConsentFacts {
  iysCode: number;
  brandCode: number;
  recipientId: string;
  recipient: SealedAddress;
  recipientType: RecipientType;
  type: ConsentType;
  /** ISO instant: when the recipient gave or withdrew it (business time). */
  consentDate: string;
  source: ConsentSource;
  origin: ConsentOrigin;
  retailerCode: number | null;
  retailerAccess: number[];
  /**
   * Fields the provider omitted and the registry filled in (a first TACIR record may omit both):
   * `consentDate` = the recording time, `source` = TACIR_DEFAULT_SOURCE. Absent when nothing was filled.
   */
  defaulted?: ('consentDate' | 'source')[];
}

/**
 * Retailers gained or lost access to the consent (İYS RA1–RA5). `retailerCodes`: what this event
 * added or removed; `retailerAccess`: the whole set after it.
 */
export interface RetailerAccessFacts {
  iysCode: number;
  brandCode: number;
  recipientId: string;
  recipientType: RecipientType;
  type: ConsentType;
  retailerCodes: number[];
  retailerAccess: number[];
}

/** The events that change a consent's status (what C6, the daily file and the audit's status read). */
export type ConsentStatusEvent =
  | { type: 'consent.ConsentApproved'; data: ConsentFacts }
  | { type: 'consent.ConsentRejected'; data: ConsentFacts };

export type RetailerAccessEvent =
  | { type: 'consent.RetailerAccessGranted'; data: RetailerAccessFacts }
  | { type: 'consent.RetailerAccessRevoked'; data: RetailerAccessFacts };

export type ConsentEvent = ConsentStatusEvent | RetailerAccessEvent;

export const CONSENT_STATUS_EVENT_TYPES: readonly ConsentStatusEvent['type'][] = ['consent.ConsentApproved', 'consent.ConsentRejected'];
export const isStatusEvent = (event: { type: string }): boolean => (CONSENT_STATUS_EVENT_TYPES as readonly string[]).includes(event.type);
