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

/**
 * An application reached the registry: its id, the company's title and the signatory's registered
 * e-mail address as a contact for the registry's notices to the provider (ADR 0044) — sealed under
 * the signatory's data key (`subjectId`), so only the vault opens it and the signatory's erasure
 * shreds it. Nothing else of the signatory is published.
 */
export const APPLICATION_SUBMITTED = 'service-provider.ApplicationSubmitted';
export interface ApplicationSubmitted {
  applicationId: string;
  title: string;
  signatory: { subjectId: string; email: { [key: string]: string } };
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

/**
 * A sender that needs no consent for commercial messages (an NGO, association or public body),
 * registered by the registry's administrator with the identities it sends from and a validity
 * window. The operator gate allows its messages while the exemption is valid (`validTo` exclusive,
 * open-ended when null). Organisations, not persons: no personal data.
 */
export type ExemptionKind = 'NGO' | 'ASSOCIATION' | 'PUBLIC_BODY' | 'OTHER';
export const SENDER_EXEMPTION_GRANTED = 'service-provider.SenderExemptionGranted';
export interface SenderExemptionGranted {
  exemptionId: string;
  organisation: string;
  kind: ExemptionKind;
  /** MERSİS (16 digits) or tax number (10 digits) of the organisation. */
  registrationNumber: { scheme: 'MERSIS' | 'VKN'; value: string };
  /** Normalised like SenderRegistered.senderId. */
  senders: { channel: SenderChannel; senderId: string }[];
  /** ISO instants. */
  validFrom: string;
  validTo: string | null;
  legalBasis: string;
}
/** An exemption ends early (or on its end date being brought forward): it stops counting at `endedAt`. */
export const SENDER_EXEMPTION_ENDED = 'service-provider.SenderExemptionEnded';
export interface SenderExemptionEnded {
  exemptionId: string;
  endedAt: string;
}

/** Injection token of the port below; the service-provider context provides it globally. */
export const ACCESS_SCOPES = 'service-provider:AccessScopes';
/**
 * What the identity-and-access context asks this context before it lets an account act: whether the
 * provider or integrator an account is created for exists, and which brands of a provider an
 * integrator may act for. From this context's own records (its read models), never from the caller.
 */
export interface AccessScopesPort {
  providerExists(iysCode: number): Promise<boolean>;
  integratorExists(integratorCode: number): Promise<boolean>;
  /** The brands the provider `iysCode` authorised the integrator for; undefined when it has not authorised it. */
  integratorGrant(integratorCode: number, iysCode: number): Promise<{ brandCodes: number[] } | undefined>;
}

const TURKISH_TO_ASCII: Record<string, string> = { Ç: 'C', Ğ: 'G', İ: 'I', I: 'I', Ö: 'O', Ş: 'S', Ü: 'U', ç: 'C', ğ: 'G', ı: 'I', i: 'I', ö: 'O', ş: 'S', ü: 'U' };
// An SMS originator header: 3–11 characters, letters, digits, space, dot and dash (as operators accept them).
const SMS_HEADER = /^[A-Z0-9][A-Z0-9 .-]{1,9}[A-Z0-9]$/;
const HOSTNAME = /^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/**
 * The one spelling of a sender identity (the `senderId` of SenderRegistered), so the same header,
 * number or domain typed differently resolves to the same brand: headers upper-case with Turkish
 * letters folded to ASCII (handsets and operators show them so), Turkish numbers in E.164 (`+90` and
 * ten digits) or a 444 service number (seven digits), e-mail domains lower-case. Undefined when the
 * value is not one of these. Published, so that every context that meets a sender spells it alike.
 */
export function normaliseSenderId(channel: SenderChannel, raw: string): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const value = raw.normalize('NFC').trim();
  if (value.length === 0 || value.length > 253) return undefined;
  switch (channel) {
    case 'MESAJ': {
      const header = [...value].map((c) => TURKISH_TO_ASCII[c] ?? c.toUpperCase()).join('');
      return SMS_HEADER.test(header) ? header : undefined;
    }
    case 'ARAMA': {
      if (!/^[+0-9 ()-]+$/.test(value)) return undefined;
      const digits = value.replace(/[^0-9]/g, '');
      if (/^444\d{4}$/.test(digits) && !value.startsWith('+')) return digits;
      const national = value.startsWith('+') ? (digits.startsWith('90') ? digits.slice(2) : undefined) : digits.replace(/^0/, '');
      return national !== undefined && /^[2-9]\d{9}$/.test(national) ? `+90${national}` : undefined;
    }
    case 'EPOSTA': {
      const domain = value.toLowerCase();
      return HOSTNAME.test(domain) ? domain : undefined;
    }
  }
}

/** The streams this context writes and the published events they carry (docs/adr/0052). */
export const STREAMS = {
  context: 'service-provider',
  categories: ['serviceProvider', 'senderExemption', 'senderIdentity', 'integrator'],
  eventTypes: [APPLICATION_SUBMITTED, ...PROVIDER_EVENTS_FOR_BRAND_DIRECTORIES, SENDER_REGISTERED, SENDER_REMOVED, SENDER_EXEMPTION_GRANTED, SENDER_EXEMPTION_ENDED],
} as const;
