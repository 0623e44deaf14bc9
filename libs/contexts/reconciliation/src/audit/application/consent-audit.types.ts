/**
 * What the consent audit (Ministry auditors, `authority` role) answers. Local copies of the consent
 * context's vocabulary: contexts share event type strings (`@iys/contracts`), never each other's types.
 */
export type AuditConsentStatus = 'ONAY' | 'RET';
export type AuditConsentType = 'ARAMA' | 'MESAJ' | 'EPOSTA';
export type AuditRecipientType = 'BIREYSEL' | 'TACIR';

export const AUDIT_CONSENT_TYPES: readonly AuditConsentType[] = ['ARAMA', 'MESAJ', 'EPOSTA'];
export const AUDIT_RECIPIENT_TYPES: readonly AuditRecipientType[] = ['BIREYSEL', 'TACIR'];

/** The result of re-computing one consent stream's hash chain (`EventChainVerifier.verifyStream`). */
export interface AuditChainResult {
  ok: boolean;
  eventsChecked: number;
  /** The first event where the chain fails: its stream position and why. */
  firstBroken?: { position: number; reason: 'hash-mismatch' | 'position-gap' | 'head-mismatch' };
}

/** One recorded change of a consent, as the registry stored it. */
export interface AuditConsentEvent {
  /** Position in the consent's stream (1, 2, …). */
  position: number;
  /** The event id, İYS `transactionId`. */
  transactionId: string;
  status: AuditConsentStatus;
  /** `YYYY-MM-DD HH:mm:ss` Europe/Istanbul: when the recipient gave or withdrew it (business time). */
  consentDate: string;
  /** `YYYY-MM-DD HH:mm:ss` Europe/Istanbul: when the registry recorded it (İYS creationDate). */
  creationDate: string;
  source: string;
  /** HS: the provider's side (provider, integrator, dealer); IYS: the recipient through the registry. */
  origin: 'HS' | 'IYS';
  actorKind: string | null;
  actorId: string | null;
  channel: string | null;
  /**
   * Only on a retailer-access change (İYS RA1–RA5): the retailers it granted or revoked and the whole
   * access list after it. Status, dates and source are then the consent's as they stood.
   */
  retailerAccessChange?: { kind: 'granted' | 'revoked'; retailerCodes: number[]; retailerAccess: number[] };
}

/** One consent (brand + recipient + recipientType + type) of the audited address. */
export interface AuditConsentHistory {
  iysCode: number;
  brandCode: number;
  type: AuditConsentType;
  recipientType: AuditRecipientType;
  chain: AuditChainResult;
  events: AuditConsentEvent[];
}

export interface AuditHistory {
  /** The address as the auditor sent it (never logged, never in a URL). */
  recipient: string;
  /** Every consent stream of the address, by the global commit order of each stream's first event. */
  consents: AuditConsentHistory[];
}

export interface AuditAsOfRequest {
  recipient: string;
  brandCode: number;
  type: AuditConsentType;
  recipientType: AuditRecipientType;
  /** `YYYY-MM-DD HH:mm:ss` Europe/Istanbul, compared with the registry's recording time (creationDate). */
  at: string;
}

/** An event the as-of answer rests on, with the chain hash the registry stored for it. */
export interface AuditProofEvent extends AuditConsentEvent {
  /** Hex SHA-256 chain hash: H(previous hash ‖ canonical event bytes), `GENESIS` = 32 zero bytes. */
  hash: string;
}

/** One step of a Merkle audit path: the sibling's hash (hex) and on which side it sits. */
export interface AuditProofStep {
  position: 'left' | 'right';
  hash: string;
}

/**
 * Where an as-of event sits in the signed daily snapshot of its day (the Istanbul day of its
 * creationDate), checked by the registry before it is answered:
 * - `included`: the proof. Leaf = the event's chain hash (`hash` of its proof event); fold `auditPath`
 *   from `SHA-256(0x00 ‖ leaf)` (a `left` sibling s: `SHA-256(0x01 ‖ s ‖ running)`, `right`:
 *   `SHA-256(0x01 ‖ running ‖ s)`) to `brandRoot`; fold `brandPath` from `SHA-256(0x00 ‖ brandRoot)` to
 *   `registryRoot`; check `signedMessage` is `iys-daily-snapshot/v1\n<day>\n<registryRoot>` and
 *   `signature` (base64 Ed25519) over it with the key `publicKeyId` names (GET /reconciliation/signing-key).
 * - `pending-snapshot`: the day has no signed snapshot yet (today, or not taken yet): ask again later.
 * - `unverifiable`: the day is signed but the event cannot be proven against it: `not-in-snapshot` (the
 *   event's brand or the event itself is not among what was signed), `brand-root-mismatch` (the brand's
 *   events of that day as held now no longer give the signed root: an event was altered, or an
 *   erasure removed rows of that day after the snapshot), `snapshot-mismatch` (the stored brand root,
 *   registry root or signature no longer agree with each other).
 */
export type AuditInclusion =
  | {
      status: 'included';
      day: string;
      /** The event's index among the brand's events of the day, in commit order, and their number. */
      leafIndex: number;
      leafCount: number;
      /** Event hash → brand root, from the leaf level up. */
      auditPath: AuditProofStep[];
      iysCode: number;
      brandCode: number;
      /** Hex Merkle root over the brand's events of the day (the snapshot's brand root). */
      brandRoot: string;
      /** The brand's index among the day's brands (by brand code) and their number. */
      brandIndex: number;
      brandCount: number;
      /** Brand root → registry root, from the leaf level up. */
      brandPath: AuditProofStep[];
      /** Hex registry-wide root of the day, as signed. */
      registryRoot: string;
      /** Exactly the signed text (UTF-8). */
      signedMessage: string;
      /** Base64 Ed25519 signature of `signedMessage`. */
      signature: string;
      /** First 16 hex of SHA-256 of the signing key's SPKI DER. */
      publicKeyId: string;
    }
  | { status: 'pending-snapshot'; day: string }
  | { status: 'unverifiable'; day: string; reason: 'not-in-snapshot' | 'brand-root-mismatch' | 'snapshot-mismatch' };

/** The inclusion of one proof event (same order as `proof`) in its day's signed snapshot. */
export interface AuditInclusionProof {
  transactionId: string;
  inclusion: AuditInclusion;
}

export interface AuditAsOf {
  at: string;
  /** The consent's state as the registry knew it at `at`; NONE: nothing recorded yet (or unknown address). */
  state: AuditConsentStatus | 'NONE';
  /** Every event of the consent recorded up to `at`, in stream order. */
  proof: AuditProofEvent[];
  /** The event that decides `state` (the last of `proof`). */
  lastEvent?: AuditProofEvent;
  /** The whole stream's chain check (also the events after `at`: a break anywhere taints the stream). */
  chain: AuditChainResult;
  /** For each event of `proof`, in the same order, its inclusion in its day's signed snapshot. */
  inclusionProofs: AuditInclusionProof[];
}
