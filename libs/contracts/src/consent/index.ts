// Published language of the consent context: event type strings other contexts may project and the
// query ports it serves. Plain types and constants only.

export const CONSENT_APPROVED = 'consent.ConsentApproved';
export const CONSENT_REJECTED = 'consent.ConsentRejected';

/** Approved and rejected consents of one brand, as İYS B1 reports them. */
export interface BrandConsentCounts {
  approval: number;
  rejection: number;
}

/** Injection token of the port below; the consent context provides it globally. */
export const BRAND_CONSENT_STATS = 'consent:BrandConsentStats';

export interface BrandConsentStatsPort {
  countsFor(brandCodes: readonly number[]): Promise<Map<number, BrandConsentCounts>>;
}

export type ConsentStatusValue = 'ONAY' | 'RET';
export type ConsentTypeValue = 'ARAMA' | 'MESAJ' | 'EPOSTA';
export type RecipientTypeValue = 'BIREYSEL' | 'TACIR';

/**
 * The fields of `consent.ConsentApproved` / `consent.ConsentRejected` (schema v1) other contexts may
 * rely on. `recipient` is the address sealed under the recipient's data key (PiiVault).
 */
export interface ConsentMovement {
  iysCode: number;
  brandCode: number;
  recipientId: string;
  recipient: Record<string, string>;
  recipientType: RecipientTypeValue;
  type: ConsentTypeValue;
  /** ISO instant. */
  consentDate: string;
  source: string;
  /** 'HS': the provider (or its integrator/dealer); 'IYS': the recipient through the registry. */
  origin: 'HS' | 'IYS';
}

/** One consent key of a recipient, as the registry holds it now. */
export interface RecipientConsent {
  iysCode: number;
  brandCode: number;
  recipientId: string;
  recipientType: RecipientTypeValue;
  type: ConsentTypeValue;
  status: ConsentStatusValue;
  source: string;
  /** ISO instants. */
  consentDate: string;
  creationDate: string;
  transactionId: string;
}

/** One event of a consent's history, oldest first. */
export interface RecipientConsentHistoryEntry {
  transactionId: string;
  status: ConsentStatusValue;
  source: string;
  origin: 'HS' | 'IYS';
  consentDate: string;
  creationDate: string;
  /** Who acted: service-provider, integrator, recipient, call-centre-agent…, and through which channel. */
  actorKind: string;
  channel: string;
}

export interface ConsentKey {
  recipientId: string;
  brandCode: number;
  type: ConsentTypeValue;
  recipientType: RecipientTypeValue;
}

/** A recipient's own decision on one consent key, made through one of the registry's channels. */
export interface RecipientDecision extends ConsentKey {
  status: ConsentStatusValue;
  /** A registry source: IYS_WEB, IYS_MOBIL, IYS_KISAMESAJ, IYS_CM, … */
  source: string;
  actor: { kind: 'recipient' | 'call-centre-agent'; id: string; channel: string };
  /** Idempotency key: a retried decision returns its first outcome and writes nothing. */
  commandId: string;
}

export type RecipientDecisionOutcome =
  | { ok: true; transactionId: string; creationDate: string }
  | { ok: false; code: string; message: string };

/** Injection token of the port below; the consent context provides it globally. */
export const RECIPIENT_CONSENTS = 'consent:RecipientConsents';

/** What the recipient context may read and ask of the consent registry, always by opaque recipient id. */
export interface RecipientConsentsPort {
  consentsOf(recipientIds: readonly string[]): Promise<RecipientConsent[]>;
  historyOf(key: ConsentKey): Promise<RecipientConsentHistoryEntry[]>;
  /** Each decision on its own (one may fail, e.g. H174 "already RET"); written together. */
  decide(decisions: readonly RecipientDecision[]): Promise<RecipientDecisionOutcome[]>;
}

/**
 * Retailers (dealers) gained or lost access to one consent (schema v1). Events of the consent's own
 * stream, so its history shows who could use it and when. `retailerAccess` is the set after the
 * change; `retailerCodes` what this event added (Granted) or removed (Revoked).
 */
export const RETAILER_ACCESS_GRANTED = 'consent.RetailerAccessGranted';
export const RETAILER_ACCESS_REVOKED = 'consent.RetailerAccessRevoked';
export interface RetailerAccessChanged {
  iysCode: number;
  brandCode: number;
  recipientId: string;
  recipientType: RecipientTypeValue;
  type: ConsentTypeValue;
  retailerCodes: number[];
  retailerAccess: number[];
}
export const RETAILER_ACCESS_EVENTS = [RETAILER_ACCESS_GRANTED, RETAILER_ACCESS_REVOKED] as const;

/** Injection token of the port below; the consent context provides it globally. */
export const SENDER_EXEMPTIONS = 'consent:SenderExemptions';

/** One exemption of a sender identity: ISO instants, `validTo` exclusive, open-ended when null. */
export interface SenderExemptionWindow {
  validFrom: string;
  validTo: string | null;
}

/**
 * The operator gate's list of exempt senders (NGOs, associations, public bodies): every exemption a
 * sender identity (normalised as `ServiceProviderContracts.normaliseSenderId` spells it) was ever
 * granted, with its validity, so a caller can ask whether it was exempt at a past instant.
 */
export interface SenderExemptionsPort {
  exemptionsOf(channel: 'MESAJ' | 'ARAMA' | 'EPOSTA', senderId: string): Promise<SenderExemptionWindow[]>;
}
