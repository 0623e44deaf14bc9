import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The recipient context's tables. Read models (rebuilt from events): account_addresses, brands,
 * pending_notices. Operational state (not events: short-lived secrets and delivery bookkeeping):
 * sign_in_codes, sessions, notices, opt_out_links, inbound_sms, erasures. No address and no code in
 * clear anywhere: addresses are opaque ids or sealed under the recipient's data key, codes keyed
 * HMACs, client IPs keyed HMACs.
 */
export class Recipient1732300009000 implements MigrationInterface {
  name = 'Recipient1732300009000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE SCHEMA IF NOT EXISTS recipient`);
    await runner.query(`
      CREATE TABLE recipient.account_addresses (
        recipient_id uuid PRIMARY KEY,
        account_id uuid NOT NULL,
        address_kind text NOT NULL CHECK (address_kind IN ('phone', 'email')),
        address jsonb NOT NULL,
        verified_at timestamptz NOT NULL
      )`);
    await runner.query(`CREATE INDEX account_addresses_by_account ON recipient.account_addresses (account_id)`);
    await runner.query(`
      CREATE TABLE recipient.brands (
        brand_code int PRIMARY KEY,
        iys_code int NOT NULL,
        brand_name text NOT NULL,
        brand_key text NOT NULL,
        provider_title text
      )`);
    await runner.query(`CREATE INDEX brands_by_key ON recipient.brands (brand_key)`);
    await runner.query(`CREATE TABLE recipient.applications (application_id uuid PRIMARY KEY, title text NOT NULL)`);
    await runner.query(`
      CREATE TABLE recipient.sign_in_codes (
        challenge_id uuid PRIMARY KEY,
        recipient_id uuid NOT NULL,
        address_kind text NOT NULL,
        address jsonb NOT NULL,
        purpose text NOT NULL CHECK (purpose IN ('sign-in', 'add-address', 'call-centre')),
        code_salt bytea NOT NULL,
        code_hash bytea NOT NULL,
        client_digest bytea NOT NULL,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        attempts int NOT NULL DEFAULT 0,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'used', 'closed'))
      )`);
    await runner.query(`CREATE INDEX sign_in_codes_by_recipient ON recipient.sign_in_codes (recipient_id, created_at)`);
    await runner.query(`CREATE INDEX sign_in_codes_by_client ON recipient.sign_in_codes (client_digest, created_at)`);
    await runner.query(`
      CREATE TABLE recipient.sessions (
        session_id uuid PRIMARY KEY,
        account_id uuid NOT NULL,
        agent_id text,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz
      )`);
    await runner.query(`
      CREATE TABLE recipient.pending_notices (
        event_id uuid PRIMARY KEY,
        recipient_id uuid NOT NULL,
        recipient jsonb NOT NULL,
        iys_code int NOT NULL,
        brand_code int NOT NULL,
        type text NOT NULL,
        recipient_type text NOT NULL,
        registered_at timestamptz NOT NULL
      )`);
    await runner.query(`CREATE INDEX pending_notices_by_recipient ON recipient.pending_notices (recipient_id, registered_at)`);
    await runner.query(`
      CREATE TABLE recipient.notices (
        notice_id uuid PRIMARY KEY,
        recipient_id uuid NOT NULL,
        day date NOT NULL,
        consent_count int NOT NULL,
        outbox_id uuid NOT NULL,
        sent_at timestamptz NOT NULL
      )`);
    await runner.query(`CREATE INDEX notices_by_recipient_day ON recipient.notices (recipient_id, day)`);
    await runner.query(`CREATE TABLE recipient.noticed_events (event_id uuid PRIMARY KEY, notice_id uuid NOT NULL)`);
    await runner.query(`
      CREATE TABLE recipient.opt_out_links (
        link_id uuid PRIMARY KEY,
        notice_id uuid NOT NULL,
        recipient_id uuid NOT NULL,
        brand_code int NOT NULL,
        type text NOT NULL,
        recipient_type text NOT NULL,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        transaction_id uuid
      )`);
    await runner.query(`
      CREATE TABLE recipient.inbound_sms (
        message_id text PRIMARY KEY,
        recipient_id uuid NOT NULL,
        command text NOT NULL,
        received_at timestamptz NOT NULL,
        rejected_count int NOT NULL
      )`);
    await runner.query(`
      CREATE TABLE recipient.erasures (
        recipient_id uuid PRIMARY KEY,
        account_id uuid NOT NULL,
        requested_at timestamptz NOT NULL,
        not_before timestamptz NOT NULL,
        executed_at timestamptz,
        -- erased: crypto-shredded; withdrawn: the address had moved to another account by then.
        outcome text CHECK (outcome IN ('erased', 'withdrawn'))
      )`);
    await runner.query(`CREATE INDEX erasures_due ON recipient.erasures (not_before) WHERE executed_at IS NULL`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP SCHEMA recipient CASCADE`);
  }
}
