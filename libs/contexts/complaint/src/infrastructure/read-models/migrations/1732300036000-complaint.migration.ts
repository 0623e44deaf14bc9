import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The complaint context's tables. Read models (rebuilt from events): senders, brands, complaints,
 * authority_scopes. Operational: checks (the check step before filing), attachments (the files themselves, sealed under the complainant's
 * data key; events carry only their digest) and notified (which events already put a message in the
 * outbox, kept across rebuilds so a rebuild never notifies twice). No personal data in clear: the
 * complaints row holds opaque ids, codes and enums only.
 */
export class Complaint1732300036000 implements MigrationInterface {
  name = 'Complaint1732300036000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE SCHEMA IF NOT EXISTS complaint`);
    await runner.query(`
      CREATE TABLE complaint.senders (
        channel text NOT NULL,
        sender_id text NOT NULL,
        iys_code int NOT NULL,
        brand_code int NOT NULL,
        PRIMARY KEY (channel, sender_id, brand_code)
      )`);
    await runner.query(`
      CREATE TABLE complaint.brands (
        brand_code int PRIMARY KEY,
        iys_code int NOT NULL,
        brand_name text NOT NULL,
        active boolean NOT NULL DEFAULT true
      )`);
    await runner.query(`
      CREATE TABLE complaint.complaints (
        complaint_id uuid PRIMARY KEY,
        account_id uuid NOT NULL,
        recipient_id uuid NOT NULL,
        -- Sealed under the complainant's data key: where the decision notice goes.
        address jsonb NOT NULL,
        address_kind text NOT NULL,
        channel text NOT NULL,
        recipient_type text NOT NULL,
        sender_id text NOT NULL,
        picked_brand_code int,
        iys_code int,
        brand_code int,
        message_at timestamptz NOT NULL,
        province smallint NOT NULL,
        status text NOT NULL,
        assessment text,
        evidence_state text,
        subjects text[] NOT NULL,
        filed_via text NOT NULL,
        checked_first boolean NOT NULL,
        inspector_id uuid,
        defense_deadline timestamptz,
        overdue boolean NOT NULL DEFAULT false,
        defense_at timestamptz,
        outcome text,
        fine_amount numeric(14, 2),
        filed_at timestamptz NOT NULL,
        decided_at timestamptz,
        updated_at timestamptz NOT NULL,
        version int NOT NULL
      )`);
    // The authority's queue: by province and status, newest first; the provider's list; the recipient's own.
    await runner.query(`CREATE INDEX complaints_queue ON complaint.complaints (province, status, filed_at DESC, complaint_id)`);
    await runner.query(`CREATE INDEX complaints_by_filing ON complaint.complaints (filed_at DESC, complaint_id)`);
    await runner.query(`CREATE INDEX complaints_by_provider ON complaint.complaints (iys_code, filed_at DESC) WHERE iys_code IS NOT NULL`);
    await runner.query(`CREATE INDEX complaints_by_account ON complaint.complaints (account_id, filed_at DESC)`);
    await runner.query(`CREATE INDEX complaints_defense_due ON complaint.complaints (defense_deadline) WHERE status = 'DEFENSE_REQUESTED' AND NOT overdue`);
    // One complaint per address, sender and message time (withdrawn ones do not block a new one).
    await runner.query(
      `CREATE UNIQUE INDEX complaints_no_duplicates ON complaint.complaints (recipient_id, sender_id, message_at) WHERE status <> 'WITHDRAWN'`,
    );
    await runner.query(`
      CREATE TABLE complaint.authority_scopes (
        user_id uuid PRIMARY KEY,
        province smallint,
        assigned_at timestamptz NOT NULL
      )`);
    await runner.query(`
      CREATE TABLE complaint.attachments (
        attachment_id uuid PRIMARY KEY,
        complaint_id uuid NOT NULL,
        recipient_id uuid NOT NULL,
        owner text NOT NULL CHECK (owner IN ('recipient', 'provider')),
        content_type text NOT NULL,
        size int NOT NULL,
        sha256 text NOT NULL,
        content jsonb NOT NULL,
        created_at timestamptz NOT NULL
      )`);
    await runner.query(`CREATE INDEX attachments_by_complaint ON complaint.attachments (complaint_id)`);
    await runner.query(`CREATE TABLE complaint.notified (event_id uuid PRIMARY KEY)`);
    // The check step: the registry showed an account its consents before a complaint (deflection rate).
    await runner.query(`
      CREATE TABLE complaint.checks (
        check_id uuid PRIMARY KEY,
        account_id uuid NOT NULL,
        checked_at timestamptz NOT NULL,
        rejected int NOT NULL DEFAULT 0,
        complaint_id uuid
      )`);
    await runner.query(`CREATE INDEX checks_by_time ON complaint.checks (checked_at)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP SCHEMA IF EXISTS complaint CASCADE`);
  }
}
