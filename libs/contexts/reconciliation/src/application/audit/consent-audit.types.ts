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

/**
 * Extension point, NOT produced yet: once the reconciliation context publishes signed daily snapshots
 * with Merkle roots, each proof event gets its inclusion proof in the snapshot of its day, so an
 * auditor can check the answer against a root the registry signed earlier. Shape to be settled with
 * the snapshot work; until then `inclusionProofs` is always omitted.
 */
export interface AuditInclusionProof {
  transactionId: string;
  [key: string]: unknown;
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
  /** See {@link AuditInclusionProof}: reserved, omitted for now. */
  inclusionProofs?: AuditInclusionProof[];
}
