import type { NewOutboxMessage } from '@iys/platform/outbox';
import type { EncryptedValue } from '@iys/platform/pii';
import type { ConsentSource, ConsentType, RecipientType } from '../domain/consent.events.js';

/** A C8 verification process as stored (consent.verification_processes); the code only as its salted hash. */
export interface VerificationProcess {
  requestId: string;
  recipientId: string;
  recipient: EncryptedValue;
  recipientType: RecipientType;
  type: ConsentType;
  source: ConsentSource;
  codeSalt: Buffer;
  codeHash: Buffer;
  expiresAt: Date;
  attempts: number;
  status: 'pending' | 'verified' | 'completed' | 'rejected' | 'closed';
  verifiedAt: Date | null;
}

export interface NewVerificationProcess extends Pick<VerificationProcess, 'requestId' | 'recipientId' | 'recipient' | 'recipientType' | 'type' | 'source' | 'codeSalt' | 'codeHash' | 'expiresAt'> {
  iysCode: number;
  brandCode: number;
  createdAt: Date;
  actor: { actorKind: string; actorId?: string };
}

/** What the code check found: no live process, a wrong code, or the right one. */
export type CodeCheck = 'unknown' | 'wrong' | 'right';

export type Verdict = { kind: 'unknown' } | { kind: 'wrong' } | { kind: 'verified'; process: VerificationProcess & { verifiedAt: Date } };

/**
 * C8's verification processes as the start and complete handlers read and write them. Implemented
 * in infrastructure (docs/adr/0052).
 */
export interface VerificationProcesses {
  /**
   * In one transaction under the recipient's lock: `admit` sees the recipient's processes started in
   * [dayStart, dayEnd) and the latest one since `since` (it throws to refuse), then the process is
   * stored and its message queued in the outbox.
   */
  start(
    process: NewVerificationProcess,
    message: NewOutboxMessage,
    window: { dayStart: Date; dayEnd: Date; since: Date },
    admit: (seen: { today: number; latest: Date | null }) => void,
  ): Promise<void>;
  /**
   * Under the process's row lock (this provider's and brand's only), `check` judges the code; a
   * wrong one uses an attempt (the `maxAttempts`-th closes a pending process), the right one marks it
   * verified at `now` unless it already was. Commits before anything else is written.
   */
  verify(
    key: { requestId: string; iysCode: number; brandCode: number },
    now: Date,
    maxAttempts: number,
    check: (process: VerificationProcess | undefined) => CodeCheck,
  ): Promise<Verdict>;
  /** A verified process ends: completed with the consent's transaction, or rejected with the rule's code. */
  finish(requestId: string, outcome: { transactionId: string } | { errorCode: string }, at: Date): Promise<void>;
}

export const VERIFICATION_PROCESSES = Symbol('VERIFICATION_PROCESSES');
