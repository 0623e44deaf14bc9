import type { ConsentContracts } from '@iys/contracts';
import type { EncryptedValue } from '@iys/platform/pii';
import type { ConsentStatusRow } from './queries/get-consent-status/get-consent-status.handler.js';

/** One consent key of a brand: who, which type, which recipient type. */
export interface ConsentKeyScope {
  iysCode: number;
  brandCode: number;
  type: string;
  recipientType: string;
}

/**
 * The current-consent read model as the consent queries and commands read it (one statement per
 * call, as before). Implemented in infrastructure (docs/adr/0052).
 */
export interface CurrentConsentReads {
  /**
   * C2: the current row of the consent of the address with this lookup digest (the vault's
   * `digestsOf`), the address resolved in the same statement (docs/adr/0063); with `retailerCode`,
   * only if that retailer may use it.
   */
  statusOfAddress(scope: ConsentKeyScope, digest: Buffer, retailerCode: number | null): Promise<ConsentStatusRow | undefined>;
  /**
   * C5: the positions (0-based) among `packedDigests` (the vault's `packedDigestsOf`: 32 bytes each,
   * zeros for no address) of the addresses that hold an ONAY, resolved in the same statement.
   */
  approvedAmongAddresses(scope: ConsentKeyScope, packedDigests: Buffer): Promise<number[]>;
  /** The last transaction that changed the consent. */
  transactionIdOf(scope: Omit<ConsentKeyScope, 'iysCode'>, recipientId: string): Promise<string | undefined>;
  /** RA3: the consent's access list, in the order granted; undefined when there is no such consent. */
  retailerAccessOf(scope: ConsentKeyScope, recipientId: string): Promise<number[] | undefined>;
  /** A page of the consents a retailer may use, with the sealed recipient and the total count. */
  retailerConsents(
    scope: { iysCode: number; brandCode: number; retailerCode: number },
    page: { offset: number; limit: number },
  ): Promise<(ConsentStatusRow & { recipient: EncryptedValue; total: number })[]>;
  /** Every consent of these recipients, newest first (dates as ISO strings). */
  consentsOf(recipientIds: readonly string[]): Promise<ConsentContracts.RecipientConsent[]>;
  /** B1's counts per brand (brands without consents are absent). */
  brandCounts(brandCodes: readonly number[]): Promise<{ brandCode: number; approval: number; rejection: number }[]>;
}

export const CURRENT_CONSENT_READS = Symbol('CURRENT_CONSENT_READS');
