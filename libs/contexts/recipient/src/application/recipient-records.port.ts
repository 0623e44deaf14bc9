import type { ConsentReference } from '../domain/consent-reference.js';

/** A notice's opt-out link as stored: the consent it names, its expiry and its use. */
export interface OptOutLinkRecord extends ConsentReference {
  expiresAt: Date;
  usedAt: Date | null;
}

/** An erasure request as the holder sees it in their data export. */
export interface ErasureRecord {
  requestedAt: Date;
  notBefore: Date;
  executedAt: Date | null;
  outcome: string | null;
}

/**
 * This context's operational records (erasure requests, opt-out links, notices, spent credentials)
 * as its use cases read and write them. Implemented in infrastructure (docs/adr/0052).
 */
export interface RecipientRecords {
  /** Deletes credentials spent longer ago than their retention; how many of each went. */
  pruneSpent(now: Date, retention: { codeHours: number; sessionHours: number; linkDays: number }): Promise<{ codes: number; sessions: number; links: number }>;
  /** Erasure requests due at `now`, oldest first; `requestedByHolder` is false once the address changed hands. */
  dueErasures(now: Date): Promise<{ recipientId: string; requestedByHolder: boolean }[]>;
  closeErasure(recipientId: string, outcome: 'erased' | 'withdrawn', at: Date): Promise<void>;
  postponeErasure(recipientId: string, notBefore: Date): Promise<void>;
  erasuresOf(accountId: string): Promise<ErasureRecord[]>;
  optOutLink(linkId: string): Promise<OptOutLinkRecord | undefined>;
  /** Marks the link used (once: a second use leaves the first mark). */
  markOptOutLinkUsed(linkId: string, at: Date, transactionId: string | null): Promise<void>;
  noticesOf(recipientIds: readonly string[]): Promise<{ sentAt: Date; consentCount: number }[]>;
}

export const RECIPIENT_RECORDS = Symbol('RECIPIENT_RECORDS');
