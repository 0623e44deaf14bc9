import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What follows a filing (ADR 0044): complaints remember whether the provider was reminded of its
 * defense deadline, and `provider_contacts` holds where complaint notices reach a provider — its
 * signatory's registered e-mail address, sealed under the signatory's data key (read models of
 * events, rebuilt from them; no address in clear); `attachment_uploads` stages sealed files until
 * their event commits (operational).
 */
export class ComplaintFollowUp1732300044000 implements MigrationInterface {
  name = 'ComplaintFollowUp1732300044000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE complaint.complaints ADD COLUMN reminded boolean NOT NULL DEFAULT false`);
    // Finished complaints whose retention period ended are shredded (ADR 0050), oldest first.
    await runner.query(`ALTER TABLE complaint.complaints ADD COLUMN shredded boolean NOT NULL DEFAULT false`);
    await runner.query(
      `CREATE INDEX complaints_retention ON complaint.complaints (updated_at) WHERE NOT shredded AND status IN ('DECIDED', 'CLOSED', 'WITHDRAWN')`,
    );
    await runner.query(`
      CREATE TABLE complaint.provider_contacts (
        application_id uuid PRIMARY KEY,
        iys_code int,
        subject_id uuid NOT NULL,
        email jsonb NOT NULL
      )`);
    await runner.query(`CREATE UNIQUE INDEX provider_contacts_by_provider ON complaint.provider_contacts (iys_code) WHERE iys_code IS NOT NULL`);
    // A provincial queue newest first, without a status filter (docs/benchmarks.md).
    await runner.query(`CREATE INDEX complaints_by_province ON complaint.complaints (province, filed_at DESC, complaint_id DESC)`);
    // Uploaded files wait here, sealed, until their event commits (then they move to attachments).
    await runner.query(`CREATE TABLE complaint.attachment_uploads (LIKE complaint.attachments INCLUDING ALL)`);
    await runner.query(`CREATE INDEX attachment_uploads_by_time ON complaint.attachment_uploads (created_at)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE complaint.attachment_uploads`);
    await runner.query(`DROP INDEX complaint.complaints_by_province`);
    await runner.query(`DROP TABLE complaint.provider_contacts`);
    await runner.query(`ALTER TABLE complaint.complaints DROP COLUMN shredded`);
    await runner.query(`ALTER TABLE complaint.complaints DROP COLUMN reminded`);
  }
}
