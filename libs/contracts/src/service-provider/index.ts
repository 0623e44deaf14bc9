// Published language of the service-provider context: the events other contexts may project, with
// the fields they may rely on. Event type strings and these shapes are a versioned contract.

/** A provider was approved: its iysCode, brands (one master) and activation date (ISO instant). */
export const PROVIDER_APPROVED = 'service-provider.ApplicationApproved';
export interface ProviderApproved {
  applicationId: string;
  iysCode: number;
  brands: { brandCode: number; name: string; master: boolean }[];
  activationDate: string;
}

/** An application reached the registry; only its id and the company's title are published. */
export const APPLICATION_SUBMITTED = 'service-provider.ApplicationSubmitted';
export interface ApplicationSubmitted {
  applicationId: string;
  title: string;
}

export const BRAND_ADDED = 'service-provider.BrandAdded';
export interface BrandAdded {
  iysCode: number;
  brandCode: number;
  name: string;
}

export const BRAND_DEACTIVATED = 'service-provider.BrandDeactivated';
export interface BrandDeactivated {
  iysCode: number;
  brandCode: number;
}

/** After the activation date, consents may be back-dated only 3 business days. */
export const ACTIVATION_DATE_SET = 'service-provider.ActivationDateSet';
export interface ActivationDateSet {
  iysCode: number;
  activationDate: string;
}

export const PROVIDER_EVENTS_FOR_BRAND_DIRECTORIES = [PROVIDER_APPROVED, BRAND_ADDED, BRAND_DEACTIVATED, ACTIVATION_DATE_SET] as const;

/** An API user (of any role, e.g. a call-centre agent) was disabled: whatever it opened must close. */
export const API_USER_DISABLED = 'service-provider.ApiUserDisabled';
export interface ApiUserDisabled {
  userId: string;
}

/**
 * The identities a brand sends from, as a recipient sees them: an SMS originator header (MESAJ),
 * a calling number in E.164 (ARAMA) or an e-mail sender domain (EPOSTA). The operator gate and
 * complaints resolve a sender seen on a message to its provider and brand from these events.
 * `senderId` is normalised: headers upper-case (Turkish letters folded to ASCII), numbers `+90…`,
 * domains lower-case.
 */
export type SenderChannel = 'MESAJ' | 'ARAMA' | 'EPOSTA';
export const SENDER_REGISTERED = 'service-provider.SenderRegistered';
export interface SenderRegistered {
  iysCode: number;
  brandCode: number;
  channel: SenderChannel;
  senderId: string;
}
export const SENDER_REMOVED = 'service-provider.SenderRemoved';
export interface SenderRemoved {
  iysCode: number;
  brandCode: number;
  channel: SenderChannel;
  senderId: string;
}
