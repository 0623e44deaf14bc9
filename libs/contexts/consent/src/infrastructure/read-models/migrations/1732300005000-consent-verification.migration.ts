import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The consent context's first outbox; replaced by `outbox.messages` in 1732300008100, whose down() recreates it. */
export const CONSENT_OUTBOX_DDL = [
  `CREATE TABLE consent.outbox (
     id uuid PRIMARY KEY,
     channel text NOT NULL CHECK (channel IN ('sms', 'call')),
     recipient_id uuid NOT NULL,
     recipient jsonb NOT NULL,
     template text NOT NULL,
     params jsonb NOT NULL,
     sealed_params jsonb,
     created_at timestamptz NOT NULL,
     attempts int NOT NULL DEFAULT 0,
     next_attempt_at timestamptz NOT NULL,
     sent_at timestamptz
   )`,
  `CREATE INDEX outbox_due ON consent.outbox (next_attempt_at, created_at) WHERE sent_at IS NULL`,
];

/**
 * Consent through the registry (İYS C8, overIys + verificationCode) and the consent context's
 * outbox. Not read models: both are the context's own operational state (like batch_requests), so
 * they are not rebuilt from events. Neither holds an address or a code in clear: addresses and
 * secret template values are sealed under the recipient's data key (PiiVault), the code is kept
 * only as a keyed, salted HMAC.
 */
export class ConsentVerification1732300005000 implements MigrationInterface {
  name = 'ConsentVerification1732300005000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE SCHEMA IF NOT EXISTS consent`);
    await runner.query(`
      CREATE TABLE consent.verification_processes (
        request_id uuid PRIMARY KEY,
        iys_code int NOT NULL,
        brand_code int NOT NULL,
        recipient_id uuid NOT NULL,
        recipient jsonb NOT NULL,
        recipient_type text NOT NULL CHECK (recipient_type IN ('BIREYSEL', 'TACIR')),
        type text NOT NULL CHECK (type IN ('MESAJ', 'ARAMA')),
        source text NOT NULL CHECK (source IN ('IYS_KISAMESAJ', 'IYS_CM')),
        code_salt bytea NOT NULL,
        code_hash bytea NOT NULL,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        attempts int NOT NULL DEFAULT 0,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'verified', 'completed', 'rejected', 'closed')),
        verified_at timestamptz,
        completed_at timestamptz,
        transaction_id uuid,
        error_code text,
        actor jsonb NOT NULL
      )`);
    // The per-recipient limits (H453 per Istanbul day, H465 three minutes apart) read this index.
    await runner.query(`CREATE INDEX verification_processes_by_recipient ON consent.verification_processes (recipient_id, created_at)`);
    for (const statement of CONSENT_OUTBOX_DDL) await runner.query(statement);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE consent.outbox`);
    await runner.query(`DROP TABLE consent.verification_processes`);
  }
}
