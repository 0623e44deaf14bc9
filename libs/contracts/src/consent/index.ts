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

// The İYS enums every context shares (iys-api.md §1): declared here once; contexts import them.
export const CONSENT_STATUSES = ['ONAY', 'RET'] as const;
export const CONSENT_TYPES = ['ARAMA', 'MESAJ', 'EPOSTA'] as const;
export const RECIPIENT_TYPES = ['BIREYSEL', 'TACIR'] as const;
/** Sources a provider may send (İYS H119 lists exactly these, in this order). */
export const PROVIDER_SOURCES = [
  'HS_FIZIKSEL_ORTAM', 'HS_ISLAK_IMZA', 'HS_WEB', 'HS_CAGRI_MERKEZI', 'HS_SOSYAL_MEDYA', 'HS_EPOSTA', 'HS_MESAJ',
  'HS_MOBIL', 'HS_EORTAM', 'HS_ETKINLIK', 'HS_2015', 'HS_ATM', 'HS_KARAR',
] as const;
/** Sources the registry itself records when a recipient acts through its channels. */
export const REGISTRY_SOURCES = ['IYS_CM', 'IYS_WEB', 'IYS_MOBIL', 'IYS_KISAMESAJ', 'IYS_EPOSTA', 'IYS_AHS_HAT_KAPATMA', 'IYS_WEB_YENI'] as const;
export type ConsentStatusValue = (typeof CONSENT_STATUSES)[number];
export type ConsentTypeValue = (typeof CONSENT_TYPES)[number];
export type RecipientTypeValue = (typeof RECIPIENT_TYPES)[number];
export type ProviderSourceValue = (typeof PROVIDER_SOURCES)[number];
export type RegistrySourceValue = (typeof REGISTRY_SOURCES)[number];
/** Who made a change: the provider (or its integrator/dealer) or the recipient through the registry. */
export type ConsentOriginValue = 'HS' | 'IYS';

/** Category of the consent streams: `consent-<recipientId>.<brandCode>.<type>.<recipientType>`. */
export const CONSENT_STREAM_CATEGORY = 'consent';
const STREAM_ID_PART = /^[A-Za-z0-9_:-]+$/;

/**
 * `consent-${recipientId}.${brandCode}.${type}.${recipientType}`. The recipient id is the shard key,
 * so all consents of one address live on one shard. Throws (a bug, not a client error) if a part
 * would break the event store's grammar, e.g. an address passed where its opaque id belongs.
 */
export function consentStreamId(recipientId: string, brandCode: number, type: ConsentTypeValue, recipientType: RecipientTypeValue): string {
  if (!STREAM_ID_PART.test(recipientId)) throw new Error('consentStreamId: recipientId must be an opaque id of letters, digits, _ : -');
  if (!Number.isSafeInteger(brandCode) || brandCode <= 0) throw new Error(`consentStreamId: brandCode must be a positive integer: ${brandCode}`);
  if (!CONSENT_TYPES.includes(type)) throw new Error(`consentStreamId: unknown type ${String(type)}`);
  if (!RECIPIENT_TYPES.includes(recipientType)) throw new Error(`consentStreamId: unknown recipientType ${String(recipientType)}`);
  return `${CONSENT_STREAM_CATEGORY}-${recipientId}.${brandCode}.${type}.${recipientType}`;
}

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
  /**
   * 'HS': the provider (or its integrator/dealer); 'IYS': the recipient through the registry. Absent
   * on events recorded before the field existed: read it through {@link movementOrigin}.
   */
  origin?: ConsentOriginValue;
}

/** A movement's origin; for events recorded before `origin` existed a registry source (IYS_…) means the recipient acted. */
export function movementOrigin(movement: Pick<ConsentMovement, 'origin' | 'source'>): ConsentOriginValue {
  return movement.origin ?? (movement.source.startsWith('IYS_') ? 'IYS' : 'HS');
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

/** The result of re-computing one consent stream's hash chain. */
export interface ConsentChainCheck {
  ok: boolean;
  eventsChecked: number;
  /** The first event where the chain fails: its stream position and why. */
  firstBroken?: { position: number; reason: 'hash-mismatch' | 'position-gap' | 'head-mismatch' };
}

interface ConsentRecordedEventBase {
  /** İYS `transactionId`. */
  eventId: string;
  /** Position in the consent's stream (1, 2, …). */
  position: number;
  /** When the registry recorded it (İYS creationDate). */
  recordedAt: Date;
  /** The chain hash the event store holds for it (hex SHA-256). */
  hash: string;
  actorKind: string | null;
  actorId: string | null;
  channel: string | null;
}

/** One event of a consent's record as the event store holds it: a status change or a retailer-access change. */
export type ConsentRecordedEvent =
  | (ConsentRecordedEventBase & { type: typeof CONSENT_APPROVED | typeof CONSENT_REJECTED; data: ConsentMovement })
  | (ConsentRecordedEventBase & { type: (typeof RETAILER_ACCESS_EVENTS)[number]; data: RetailerAccessChanged });

/**
 * One consent stream of an address: its status and access events in stream order (other event types
 * of the stream left out) and the whole stream's chain check. The key is in the events' data.
 */
export interface ConsentRecord {
  events: ConsentRecordedEvent[];
  chain: ConsentChainCheck;
}

/** Injection token of the port below; the consent context provides it globally. */
export const CONSENT_HISTORY = 'consent:ConsentHistory';

/**
 * The consent record itself (the event store, not a read model), for the authority's audit. The
 * address is given in clear and never logged; a malformed one is refused with the consent context's
 * own codes (H120 e-mail, H121 phone, H122 neither; location `recipient`), thrown as its DomainError.
 * An unknown or erased address has no record.
 */
export interface ConsentHistoryPort {
  /** Every consent stream of the address, in the commit order of each stream's first event. */
  recordsOf(address: string): Promise<ConsentRecord[]>;
  /**
   * One consent's stream (every event, whatever its time) and its chain check; `undefined` when the
   * address is unknown. The address must fit the type (EPOSTA an e-mail: H120; ARAMA/MESAJ a phone: H121).
   */
  recordOf(address: string, key: { brandCode: number; type: ConsentTypeValue; recipientType: RecipientTypeValue }): Promise<ConsentRecord | undefined>;
}

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

/** The streams this context writes and the published events they carry (docs/adr/0052). */
export const STREAMS = {
  context: 'consent',
  categories: [CONSENT_STREAM_CATEGORY, 'scrubJob', 'consentUpload'],
  eventTypes: [CONSENT_APPROVED, CONSENT_REJECTED, ...RETAILER_ACCESS_EVENTS],
} as const;
