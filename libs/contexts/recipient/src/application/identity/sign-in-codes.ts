import { Inject, Injectable } from '@nestjs/common';
import type pg from 'pg';
import type { Clock, IdGenerator } from '@iys/platform/building-blocks';
import { inTransaction } from '@iys/platform/database';
import { CLOCK, ID_GENERATOR, PG_POOL } from '@iys/platform/nest';
import { enqueueOutboxMessage } from '@iys/platform/outbox';
import { InvalidAddressError, normaliseAddress, ONE_TIME_CODE_PATTERN, OneTimeCodeHasher, PiiVault, type AddressKind, type EncryptedValue } from '@iys/platform/pii';
import { recipientError } from '../../domain/recipient.errors.js';
import { ONE_TIME_CODE_GENERATOR, RECIPIENT_CODE_HASHER, type OneTimeCodeGenerator } from './identity.tokens.js';

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

interface CodeRow {
  recipient_id: string;
  address_kind: AddressKind;
  address: EncryptedValue;
  purpose: CodePurpose;
  code_salt: Buffer;
  code_hash: Buffer;
  expires_at: Date;
  status: 'pending' | 'used' | 'closed';
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
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(PiiVault) private readonly vault: PiiVault,
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
    await inTransaction(this.pool, async (tx) => {
      const { recipientId } = await this.vault.resolveRecipientId(normalised.value, tx);
      await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 7))', [recipientId]);
      const { rows } = await tx.query<{ short: number; day: number; client: number }>(
        `SELECT count(*) FILTER (WHERE recipient_id = $1 AND created_at > $3::timestamptz - make_interval(mins => $4))::int AS short,
                count(*) FILTER (WHERE recipient_id = $1 AND created_at > $3::timestamptz - make_interval(mins => $5))::int AS day,
                count(*) FILTER (WHERE client_digest = $2 AND created_at > $3::timestamptz - make_interval(mins => $6))::int AS client
           FROM recipient.sign_in_codes
          WHERE (recipient_id = $1 OR client_digest = $2) AND created_at > $3::timestamptz - make_interval(mins => $5)`,
        [recipientId, clientDigest, now, CODE_LIMITS.perAddressShort.minutes, CODE_LIMITS.perAddressDay.minutes, CODE_LIMITS.perClientHour.minutes],
      );
      const counts = rows[0];
      if (counts.client >= CODE_LIMITS.perClientHour.count) throw recipientError('H662', ['recipient']);
      if (counts.short >= CODE_LIMITS.perAddressShort.count || counts.day >= CODE_LIMITS.perAddressDay.count) throw recipientError('H661', ['recipient']);
      const sealedCode = this.hasher.seal(challengeId, code);
      const [address, secrets] = await this.vault.encryptMany(
        [
          { recipientId, plaintext: normalised.value },
          { recipientId, plaintext: JSON.stringify({ code }) },
        ],
        tx,
      );
      await tx.query(
        `INSERT INTO recipient.sign_in_codes
           (challenge_id, recipient_id, address_kind, address, purpose, code_salt, code_hash, client_digest, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9::timestamptz + make_interval(secs => $10))`,
        [challengeId, recipientId, normalised.kind, JSON.stringify(address), purpose, sealedCode.salt, sealedCode.hash, clientDigest, now, SIGN_IN_CODE_SECONDS],
      );
      await enqueueOutboxMessage(tx, {
        id: this.ids.next(),
        channel,
        recipientId,
        recipient: address,
        template: `recipient.code.${channel}`,
        params: { purpose, validMinutes: SIGN_IN_CODE_SECONDS / 60 },
        sealedParams: secrets,
        createdAt: now,
      });
    });
    return { challengeId, channel, expiresIn: SIGN_IN_CODE_SECONDS };
  }

  /**
   * The address the code proves, once: the code is spent. Unknown, expired, spent, closed or
   * another purpose's challenges, and wrong codes, all answer H663 (nothing to tell them apart).
   */
  async redeem(challengeId: string, code: string, purpose: CodePurpose): Promise<ProvenAddress> {
    if (!/^[0-9a-f-]{36}$/i.test(challengeId) || !ONE_TIME_CODE_PATTERN.test(code)) throw recipientError('H664', ['code']);
    const id = challengeId.toLowerCase();
    const proven = await inTransaction(this.pool, async (tx) => {
      const { rows } = await tx.query<CodeRow>(
        `SELECT recipient_id, address_kind, address, purpose, code_salt, code_hash, expires_at, status FROM recipient.sign_in_codes WHERE challenge_id = $1 FOR UPDATE`,
        [id],
      );
      const row = rows[0];
      if (!row || row.status !== 'pending' || row.purpose !== purpose || row.expires_at.getTime() <= this.clock.now().getTime()) return undefined;
      if (!this.hasher.matches({ salt: row.code_salt, hash: row.code_hash }, id, code)) {
        await tx.query(
          `UPDATE recipient.sign_in_codes SET attempts = attempts + 1, status = CASE WHEN attempts + 1 >= $2 THEN 'closed' ELSE status END WHERE challenge_id = $1`,
          [id, MAX_CODE_ATTEMPTS],
        );
        return null;
      }
      await tx.query(`UPDATE recipient.sign_in_codes SET status = 'used' WHERE challenge_id = $1`, [id]);
      return row;
    });
    if (!proven) throw recipientError('H663', ['code']);
    return { recipientId: proven.recipient_id, addressKind: proven.address_kind, address: proven.address };
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
