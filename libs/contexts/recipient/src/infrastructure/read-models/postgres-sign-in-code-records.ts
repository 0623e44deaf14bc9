import { Inject, Injectable } from '@nestjs/common';
import type pg from 'pg';
import { inTransaction } from '@iys/platform/database';
import { PG_POOL } from '@iys/platform/nest';
import { enqueueOutboxMessage } from '@iys/platform/outbox';
import { PiiVault, type AddressKind, type EncryptedValue } from '@iys/platform/pii';
import type { NewCode, RecentCodes, SignInCodeRecords, StoredCode } from '../../application/identity/sign-in-code-records.port.js';
import type { CodePurpose } from '../../application/identity/sign-in-codes.js';

interface CodeRow {
  recipient_id: string;
  address_kind: AddressKind;
  address: EncryptedValue;
  purpose: CodePurpose;
  code_salt: Buffer;
  code_hash: Buffer;
  expires_at: Date;
  status: StoredCode['status'];
}

/** The SignInCodeRecords port over recipient.sign_in_codes, the vault and the outbox. */
@Injectable()
export class PostgresSignInCodeRecords implements SignInCodeRecords {
  constructor(
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(PiiVault) private readonly vault: PiiVault,
  ) {}

  issue(code: NewCode, admit: (recent: RecentCodes) => void): Promise<void> {
    return inTransaction(this.pool, async (tx) => {
      const { recipientId } = await this.vault.resolveRecipientId(code.address.value, tx);
      await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 7))', [recipientId]);
      const { rows } = await tx.query<RecentCodes>(
        `SELECT count(*) FILTER (WHERE recipient_id = $1 AND created_at > $3::timestamptz - make_interval(mins => $4))::int AS short,
                count(*) FILTER (WHERE recipient_id = $1 AND created_at > $3::timestamptz - make_interval(mins => $5))::int AS day,
                count(*) FILTER (WHERE client_digest = $2 AND created_at > $3::timestamptz - make_interval(mins => $6))::int AS client
           FROM recipient.sign_in_codes
          WHERE (recipient_id = $1 OR client_digest = $2) AND created_at > $3::timestamptz - make_interval(mins => $5)`,
        [recipientId, code.clientDigest, code.at, code.windows.shortMinutes, code.windows.dayMinutes, code.windows.clientMinutes],
      );
      admit(rows[0]);
      const [address, secrets] = await this.vault.encryptMany(
        [
          { recipientId, plaintext: code.address.value },
          { recipientId, plaintext: code.secrets },
        ],
        tx,
      );
      await tx.query(
        `INSERT INTO recipient.sign_in_codes
           (challenge_id, recipient_id, address_kind, address, purpose, code_salt, code_hash, client_digest, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9::timestamptz + make_interval(secs => $10))`,
        [code.challengeId, recipientId, code.address.kind, JSON.stringify(address), code.purpose, code.sealedCode.salt, code.sealedCode.hash, code.clientDigest, code.at, code.lifetimeSeconds],
      );
      await enqueueOutboxMessage(tx, { ...code.message, recipientId, recipient: address, sealedParams: secrets, createdAt: code.at });
    });
  }

  redeem(challengeId: string, maxAttempts: number, judge: (code: StoredCode | undefined) => 'refuse' | 'wrong' | 'right'): Promise<StoredCode | undefined> {
    return inTransaction(this.pool, async (tx) => {
      const { rows } = await tx.query<CodeRow>(
        `SELECT recipient_id, address_kind, address, purpose, code_salt, code_hash, expires_at, status FROM recipient.sign_in_codes WHERE challenge_id = $1 FOR UPDATE`,
        [challengeId],
      );
      const row = rows[0];
      const stored: StoredCode | undefined = row && {
        recipientId: row.recipient_id,
        addressKind: row.address_kind,
        address: row.address,
        purpose: row.purpose,
        codeSalt: row.code_salt,
        codeHash: row.code_hash,
        expiresAt: row.expires_at,
        status: row.status,
      };
      const verdict = judge(stored);
      if (verdict === 'refuse' || !stored) return undefined;
      if (verdict === 'wrong') {
        await tx.query(
          `UPDATE recipient.sign_in_codes SET attempts = attempts + 1, status = CASE WHEN attempts + 1 >= $2 THEN 'closed' ELSE status END WHERE challenge_id = $1`,
          [challengeId, maxAttempts],
        );
        return undefined;
      }
      await tx.query(`UPDATE recipient.sign_in_codes SET status = 'used' WHERE challenge_id = $1`, [challengeId]);
      return stored;
    });
  }
}
