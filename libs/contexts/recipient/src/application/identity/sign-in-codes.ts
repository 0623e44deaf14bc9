import { Inject, Injectable } from '@nestjs/common';
import type { Clock, IdGenerator } from '@iys/platform/building-blocks';
import { CLOCK, ID_GENERATOR } from '@iys/platform/nest';
import { InvalidAddressError, normaliseAddress, ONE_TIME_CODE_PATTERN, OneTimeCodeHasher, type AddressKind, type EncryptedValue } from '@iys/platform/pii';
import { recipientError } from '../../domain/recipient.errors.js';
import { ONE_TIME_CODE_GENERATOR, RECIPIENT_CODE_HASHER, type OneTimeCodeGenerator } from './identity.tokens.js';
import { SIGN_IN_CODE_RECORDS, type SignInCodeRecords } from './sign-in-code-records.port.js';

export type CodePurpose = 'sign-in' | 'add-address' | 'call-centre';

/** A code lives 5 minutes and allows 5 tries; then a new one must be asked for. */
export const SIGN_IN_CODE_SECONDS = 300;
export const MAX_CODE_ATTEMPTS = 5;
/** Per address: 3 codes per 15 minutes, 10 per day. Per client (IP, or agent): 20 per hour. */
export const CODE_LIMITS = {
  perAddressShort: { count: 3, minutes: 15 },
  perAddressDay: { count: 10, minutes: 24 * 60 },
  perClientHour: { count: 20, minutes: 60 },
} as const;

export interface IssuedChallenge {
  challengeId: string;
  channel: 'sms' | 'email';
  expiresIn: number;
}

export interface ProvenAddress {
  recipientId: string;
  addressKind: AddressKind;
  address: EncryptedValue;
}

/**
 * One-time codes that prove control of an address: 6 digits, sent by SMS to a phone or by e-mail
 * to an address (through the outbox, in the same transaction as the code's record), kept only as a
 * keyed salted HMAC, valid 5 minutes, 5 tries, single use, and rate-limited per address and per
 * client (a keyed digest of the IP or agent id, never the IP itself). Limits are checked under a
 * per-address advisory lock, so parallel requests cannot slip past them.
 */
@Injectable()
export class SignInCodes {
  constructor(
    @Inject(SIGN_IN_CODE_RECORDS) private readonly records: SignInCodeRecords,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
    @Inject(RECIPIENT_CODE_HASHER) private readonly hasher: OneTimeCodeHasher,
    @Inject(ONE_TIME_CODE_GENERATOR) private readonly codes: OneTimeCodeGenerator,
  ) {}

  async issue(rawAddress: string, purpose: CodePurpose, client: string): Promise<IssuedChallenge> {
    const normalised = normaliseOrRefuse(rawAddress);
    const challengeId = this.ids.next().toLowerCase();
    const code = this.codes.next();
    const now = this.clock.now();
    const clientDigest = this.hasher.digest(client);
    const channel = normalised.kind === 'phone' ? 'sms' : 'email';
    await this.records.issue(
      {
        address: normalised,
        challengeId,
        purpose,
        clientDigest,
        at: now,
        lifetimeSeconds: SIGN_IN_CODE_SECONDS,
        sealedCode: this.hasher.seal(challengeId, code),
        secrets: JSON.stringify({ code }),
        message: { id: this.ids.next(), channel, template: `recipient.code.${channel}`, params: { purpose, validMinutes: SIGN_IN_CODE_SECONDS / 60 } },
        windows: { shortMinutes: CODE_LIMITS.perAddressShort.minutes, dayMinutes: CODE_LIMITS.perAddressDay.minutes, clientMinutes: CODE_LIMITS.perClientHour.minutes },
      },
      (counts) => {
        if (counts.client >= CODE_LIMITS.perClientHour.count) throw recipientError('H662', ['recipient']);
        if (counts.short >= CODE_LIMITS.perAddressShort.count || counts.day >= CODE_LIMITS.perAddressDay.count) throw recipientError('H661', ['recipient']);
      },
    );
    return { challengeId, channel, expiresIn: SIGN_IN_CODE_SECONDS };
  }

  /**
   * The address the code proves, once: the code is spent. Unknown, expired, spent, closed or
   * another purpose's challenges, and wrong codes, all answer H663 (nothing to tell them apart).
   */
  async redeem(challengeId: string, code: string, purpose: CodePurpose): Promise<ProvenAddress> {
    if (!/^[0-9a-f-]{36}$/i.test(challengeId) || !ONE_TIME_CODE_PATTERN.test(code)) throw recipientError('H664', ['code']);
    const id = challengeId.toLowerCase();
    const proven = await this.records.redeem(id, MAX_CODE_ATTEMPTS, (row) => {
      if (!row || row.status !== 'pending' || row.purpose !== purpose || row.expiresAt.getTime() <= this.clock.now().getTime()) return 'refuse';
      return this.hasher.matches({ salt: row.codeSalt, hash: row.codeHash }, id, code) ? 'right' : 'wrong';
    });
    if (!proven) throw recipientError('H663', ['code']);
    return { recipientId: proven.recipientId, addressKind: proven.addressKind, address: proven.address };
  }

}

export function normaliseOrRefuse(raw: string): { kind: AddressKind; value: string } {
  try {
    return normaliseAddress(raw);
  } catch (error) {
    if (error instanceof InvalidAddressError) throw recipientError('H660', ['recipient']);
    throw error;
  }
}
