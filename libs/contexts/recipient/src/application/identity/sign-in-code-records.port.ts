import type { OutboxChannel, OutboxParams } from '@iys/platform/outbox';
import type { AddressKind, EncryptedValue } from '@iys/platform/pii';
import type { CodePurpose } from './sign-in-codes.js';

/** A one-time code as stored (recipient.sign_in_codes): the code only as its keyed salted hash. */
export interface StoredCode {
  recipientId: string;
  addressKind: AddressKind;
  address: EncryptedValue;
  purpose: CodePurpose;
  codeSalt: Buffer;
  codeHash: Buffer;
  expiresAt: Date;
  status: 'pending' | 'used' | 'closed';
}

/** Codes asked for recently: for the address in the short and the day window, and by the client in its window. */
export interface RecentCodes {
  short: number;
  day: number;
  client: number;
}

export interface NewCode {
  address: { kind: AddressKind; value: string };
  challengeId: string;
  purpose: CodePurpose;
  clientDigest: Buffer;
  at: Date;
  lifetimeSeconds: number;
  sealedCode: { salt: Buffer; hash: Buffer };
  /** JSON with the code, sealed under the recipient's key for the message. */
  secrets: string;
  message: { id: string; channel: OutboxChannel; template: string; params: OutboxParams };
  /** The counting windows, in minutes. */
  windows: { shortMinutes: number; dayMinutes: number; clientMinutes: number };
}

/**
 * One-time codes as SignInCodes issues and redeems them. Implemented in infrastructure
 * (docs/adr/0052).
 */
export interface SignInCodeRecords {
  /**
   * In one transaction under the address's lock: resolves the address's recipient, hands `admit` the
   * recent counts (it throws to refuse), stores the code and queues its message, address and secrets
   * sealed under the recipient's key.
   */
  issue(code: NewCode, admit: (recent: RecentCodes) => void): Promise<void>;
  /**
   * Under the challenge's row lock, `judge` decides: `refuse` leaves it, `wrong` uses an attempt
   * (the `maxAttempts`-th closes it), `right` spends it and returns it.
   */
  redeem(challengeId: string, maxAttempts: number, judge: (code: StoredCode | undefined) => 'refuse' | 'wrong' | 'right'): Promise<StoredCode | undefined>;
}

export const SIGN_IN_CODE_RECORDS = Symbol('SIGN_IN_CODE_RECORDS');
