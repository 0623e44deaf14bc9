import type { NewOutboxMessage } from '@iys/platform/outbox';
import type { EncryptedValue } from '@iys/platform/pii';

/** A consent waiting to be announced to its recipient (recipient.pending_notices), with its brand's names when projected. */
export interface PendingNotice {
  eventId: string;
  /** The address the consent was registered for, sealed. */
  recipient: EncryptedValue;
  iysCode: number;
  brandCode: number;
  type: string;
  recipientType: string;
  registeredAt: Date;
  brandName: string | null;
  providerTitle: string | null;
}

/** What a notice stores: one opt-out link per consent, the message (its secrets sealed by the store) and the notice's own row. */
export interface ComposedNotice {
  links: { linkId: string; brandCode: number; type: string; recipientType: string }[];
  expiresAt: Date;
  /** The outbox message; `secrets` (plaintext JSON) is sealed under the recipient's key in the notice's transaction. */
  message: Omit<NewOutboxMessage, 'sealedParams'> & { secrets: string };
  consentCount: number;
}

/**
 * The notices' records: pending consents, the day's count per address, links, notices and the
 * outbox, as the ConsentNoticeSender reads and writes them. Implemented in infrastructure
 * (docs/adr/0052).
 */
export interface ConsentNoticeRecords {
  /** Addresses with a consent pending for `delaySeconds` and fewer than `perDay` notices on `day`. */
  dueRecipients(now: Date, delaySeconds: number, day: string, perDay: number, limit: number): Promise<string[]>;
  /**
   * One address's notice, in one transaction under its advisory lock: nothing when it already had
   * `perDay` notices on `day`; else its pending consents are taken and marked told under `noticeId`
   * and handed to `compose`, and what `compose` returns is stored (links, sealed message, notice).
   * True when a notice was stored.
   */
  notify(
    recipientId: string,
    { day, perDay, noticeId, at }: { day: string; perDay: number; noticeId: string; at: Date },
    compose: (pending: PendingNotice[]) => ComposedNotice | undefined,
  ): Promise<boolean>;
}

export const CONSENT_NOTICE_RECORDS = Symbol('CONSENT_NOTICE_RECORDS');
