import { Inject, Injectable } from '@nestjs/common';
import type pg from 'pg';
import { inTransaction } from '@iys/platform/database';
import { PG_POOL } from '@iys/platform/nest';
import { enqueueOutboxMessage, type NewOutboxMessage } from '@iys/platform/outbox';
import type { EncryptedValue } from '@iys/platform/pii';
import type { ConsentSource, ConsentType, RecipientType } from '../../domain/consent.events.js';
import type { CodeCheck, NewVerificationProcess, Verdict, VerificationProcess, VerificationProcesses } from '../../application/verification-processes.port.js';

interface ProcessRow {
  request_id: string;
  recipient_id: string;
  recipient: EncryptedValue;
  recipient_type: RecipientType;
  type: ConsentType;
  source: ConsentSource;
  code_salt: Buffer;
  code_hash: Buffer;
  expires_at: Date;
  attempts: number;
  status: VerificationProcess['status'];
  verified_at: Date | null;
}

/** The VerificationProcesses port over consent.verification_processes and the outbox. */
@Injectable()
export class PostgresVerificationProcesses implements VerificationProcesses {
  constructor(@Inject(PG_POOL) private readonly pool: pg.Pool) {}

  start(
    process: NewVerificationProcess,
    message: NewOutboxMessage,
    window: { dayStart: Date; dayEnd: Date; since: Date },
    admit: (seen: { today: number; latest: Date | null }) => void,
  ): Promise<void> {
    return inTransaction(this.pool, async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`consent-verification:${process.recipientId}`]);
      const { rows } = await tx.query<{ today: number; latest: Date | null }>(
        `SELECT count(*) FILTER (WHERE created_at >= $2 AND created_at < $3)::int AS today, max(created_at) AS latest
           FROM consent.verification_processes
          WHERE recipient_id = $1 AND created_at >= $4`,
        [process.recipientId, window.dayStart, window.dayEnd, window.since],
      );
      admit(rows[0]);
      await tx.query(
        `INSERT INTO consent.verification_processes
           (request_id, iys_code, brand_code, recipient_id, recipient, recipient_type, type, source,
            code_salt, code_hash, created_at, expires_at, actor)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
        [
          process.requestId,
          process.iysCode,
          process.brandCode,
          process.recipientId,
          JSON.stringify(process.recipient),
          process.recipientType,
          process.type,
          process.source,
          process.codeSalt,
          process.codeHash,
          process.createdAt,
          process.expiresAt,
          JSON.stringify(process.actor),
        ],
      );
      await enqueueOutboxMessage(tx, message);
    });
  }

  verify(
    { requestId, iysCode, brandCode }: { requestId: string; iysCode: number; brandCode: number },
    now: Date,
    maxAttempts: number,
    check: (process: VerificationProcess | undefined) => CodeCheck,
  ): Promise<Verdict> {
    return inTransaction(this.pool, async (tx) => {
      const { rows } = await tx.query<ProcessRow>(
        `SELECT request_id, recipient_id, recipient, recipient_type, type, source, code_salt, code_hash, expires_at, attempts, status, verified_at
           FROM consent.verification_processes
          WHERE request_id = $1 AND iys_code = $2 AND brand_code = $3
          FOR UPDATE`,
        [requestId, iysCode, brandCode],
      );
      const process = rows[0] && toProcess(rows[0]);
      const judged = check(process);
      if (judged === 'unknown' || process === undefined) return { kind: 'unknown' };
      if (judged === 'wrong') {
        await tx.query(
          `UPDATE consent.verification_processes
              SET attempts = attempts + 1,
                  status = CASE WHEN status = 'pending' AND attempts + 1 >= $2 THEN 'closed' ELSE status END
            WHERE request_id = $1`,
          [requestId, maxAttempts],
        );
        return { kind: 'wrong' };
      }
      if (process.status === 'pending' || process.verifiedAt === null) {
        await tx.query(`UPDATE consent.verification_processes SET status = 'verified', verified_at = $2 WHERE request_id = $1`, [requestId, now]);
        return { kind: 'verified', process: { ...process, status: 'verified', verifiedAt: now } };
      }
      return { kind: 'verified', process: { ...process, verifiedAt: process.verifiedAt } };
    });
  }

  async finish(requestId: string, outcome: { transactionId: string } | { errorCode: string }, at: Date): Promise<void> {
    if ('errorCode' in outcome) {
      await this.pool.query(
        `UPDATE consent.verification_processes SET status = 'rejected', error_code = $2, completed_at = $3 WHERE request_id = $1 AND status = 'verified'`,
        [requestId, outcome.errorCode, at],
      );
      return;
    }
    await this.pool.query(
      `UPDATE consent.verification_processes SET status = 'completed', transaction_id = $2, completed_at = $3 WHERE request_id = $1 AND status = 'verified'`,
      [requestId, outcome.transactionId, at],
    );
  }
}

function toProcess(row: ProcessRow): VerificationProcess {
  return {
    requestId: row.request_id,
    recipientId: row.recipient_id,
    recipient: row.recipient,
    recipientType: row.recipient_type,
    type: row.type,
    source: row.source,
    codeSalt: row.code_salt,
    codeHash: row.code_hash,
    expiresAt: row.expires_at,
    attempts: row.attempts,
    status: row.status,
    verifiedAt: row.verified_at,
  };
}
