import type { EncryptedValue } from '@iys/platform/pii';

/** One change of the C6 feed as stored (consent.changes), the recipient still sealed. */
export interface StoredConsentChange {
  seq: string;
  event_id: string;
  recipient: EncryptedValue;
  recipient_type: string;
  type: string;
  status: string;
  source: string;
  consent_date: Date;
  creation_date: Date;
}

/** The C6 change feed of a brand, one shard at a time. Implemented in infrastructure (docs/adr/0052). */
export interface ConsentFeed {
  /** A brand's changes by one side (`source`: HS or IYS) after `position`, not older than `since`, in commit order. */
  changesAfter(
    query: { iysCode: number; brandCode: number; source: string; limit: number },
    position: bigint,
    since: Date,
  ): Promise<StoredConsentChange[]>;
}

export const CONSENT_FEED = Symbol('CONSENT_FEED');
