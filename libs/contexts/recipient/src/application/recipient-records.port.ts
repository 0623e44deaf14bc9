import type { NewOutboxMessage } from '@iys/platform/outbox';
import type { ConsentReference } from '../domain/consent-reference.js';
import type { AccountAddress } from './identity/recipient-accounts.js';

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
  /** Stores a recipient (or call-centre agent's) session open for `lifetimeSeconds` from `at`. */
  openSession(session: { sessionId: string; accountId: string; agentId: string | null; at: Date; lifetimeSeconds: number }): Promise<void>;
  /** An open, unexpired session of the account: undefined if none; `agentId` when an agent opened it. */
  openSessionOf(sessionId: string, accountId: string, at: Date): Promise<{ agentId: string | null } | undefined>;
  closeSession(sessionId: string, at: Date): Promise<void>;
  /** The account holding a verified address (recipient.account_addresses), if any. */
  holderOf(recipientId: string): Promise<string | undefined>;
  /** An account's verified addresses, oldest first (sealed). */
  addressesOf(accountId: string): Promise<AccountAddress[]>;
  /** Whether a short-number message was already acted on (recipient.inbound_sms). */
  inboundSmsSeen(messageId: string): Promise<boolean>;
  /**
   * Records a short-number message and queues its reply through the outbox in one transaction, the
   * reply's address sealed there; false (nothing written) when the message was recorded meanwhile.
   */
  recordInboundSms(
    sms: { messageId: string; recipientId: string; command: string; receivedAt: Date; rejectedCount: number },
    reply: Omit<NewOutboxMessage, 'recipient'> & { address: string },
  ): Promise<boolean>;
  /** Brands whose folded name is `brandKey` (recipient.brands), by code; empty when none is projected yet. */
  brandsKeyed(brandKey: string): Promise<{ brandCode: number; brandName: string }[]>;
  /** Names of these brands and their providers (recipient.brands); brands not projected yet are absent. */
  brandNames(brandCodes: readonly number[]): Promise<{ brandCode: number; brandName: string; providerTitle: string | null }[]>;
}

export const RECIPIENT_RECORDS = Symbol('RECIPIENT_RECORDS');
