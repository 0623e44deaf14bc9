import { ConsentContracts } from '@iys/contracts';
import type { EventInclusion, EventInclusionProof, ProofStep } from '../../snapshots/application/snapshot-inclusion.js';

/**
 * What the consent audit (Ministry auditors, `authority` role) answers. The İYS enums and the chain
 * check are the consent context's published ones (`@iys/contracts`).
 */
export type AuditConsentStatus = ConsentContracts.ConsentStatusValue;
export type AuditConsentType = ConsentContracts.ConsentTypeValue;
export type AuditRecipientType = ConsentContracts.RecipientTypeValue;

export const AUDIT_CONSENT_TYPES: readonly AuditConsentType[] = ConsentContracts.CONSENT_TYPES;
export const AUDIT_RECIPIENT_TYPES: readonly AuditRecipientType[] = ConsentContracts.RECIPIENT_TYPES;

/** The result of re-computing one consent stream's hash chain. */
export type AuditChainResult = ConsentContracts.ConsentChainCheck;

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

/** Where a proof event sits in its day's signed snapshot (the snapshots' answer, documented there). */
export type AuditProofStep = ProofStep;
export type AuditInclusion = EventInclusion;
export type AuditInclusionProof = EventInclusionProof;

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

/** Where the stream's chain check leaves one event (see eventChainVerdict). */
export type EventChainCheck = 'intact' | 'broken' | 'unchecked';

/** One event of the number history: the audit's event, its stored chain hash, its chain verdict and snapshot inclusion. */
export interface NumberHistoryEvent extends AuditProofEvent {
  chainCheck: EventChainCheck;
  inclusion: AuditInclusion;
}

/** One consent of the number history. */
export interface NumberHistoryConsent {
  iysCode: number;
  brandCode: number;
  type: AuditConsentType;
  recipientType: AuditRecipientType;
  /** The whole stream's chain check (also the events after `at`). */
  chain: AuditChainResult;
  /** The consent's status after its last shown event (at `at`, or now). */
  state: AuditConsentStatus;
  /** How many of its events were recorded after `at` (0 without `at`). */
  eventsAfter: number;
  events: NumberHistoryEvent[];
}

/** The authority console's number history of one address. */
export interface NumberHistory {
  recipient: string;
  /** The moment asked for (`YYYY-MM-DD HH:mm:ss` Europe/Istanbul), null for "now". */
  at: string | null;
  consents: NumberHistoryConsent[];
  summary: { consents: number; events: number; brokenChains: number; included: number; pendingSnapshot: number; unverifiable: number };
}
