import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The operator gate's tables (docs/adr/0033, 0034): the consent context's copies of brands' sender
 * identities and of exemptions (projected from service-provider events), the day counters, the
 * DENY log (opaque recipient ids only) and the durable scrub jobs.
 */
export class OperatorGate1732300015100 implements MigrationInterface {
  name = 'OperatorGate1732300015100';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE consent.gate_senders (
        channel text NOT NULL,
        sender_id text NOT NULL,
        iys_code int NOT NULL,
        brand_code int NOT NULL,
        PRIMARY KEY (channel, sender_id)
      )`);
    await runner.query(`
      CREATE TABLE consent.gate_exempt_senders (
        exemption_id uuid NOT NULL,
        channel text NOT NULL,
        sender_id text NOT NULL,
        valid_from timestamptz NOT NULL,
        valid_to timestamptz,
        PRIMARY KEY (exemption_id, channel, sender_id)
      )`);
    await runner.query(`CREATE INDEX gate_exempt_senders_by_sender ON consent.gate_exempt_senders (channel, sender_id)`);
    // brand_code 0: the sender resolved to no brand (counted all the same).
    await runner.query(`
      CREATE TABLE consent.gate_counters (
        operator_code int NOT NULL,
        day date NOT NULL,
        brand_code int NOT NULL,
        iys_code int NOT NULL,
        decision text NOT NULL,
        reason text NOT NULL,
        count bigint NOT NULL,
        PRIMARY KEY (operator_code, day, brand_code, decision, reason)
      )`);
    await runner.query(`CREATE INDEX gate_counters_by_brand ON consent.gate_counters (brand_code, day)`);
    await runner.query(`
      CREATE TABLE consent.gate_denials (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        operator_code int NOT NULL,
        checked_at timestamptz NOT NULL,
        delivery_at timestamptz NOT NULL,
        iys_code int,
        brand_code int,
        type text NOT NULL,
        recipient_id uuid,
        reason text NOT NULL
      )`);
    await runner.query(`CREATE INDEX gate_denials_by_recipient ON consent.gate_denials (recipient_id, delivery_at) WHERE recipient_id IS NOT NULL`);
    await runner.query(`CREATE INDEX gate_denials_by_age ON consent.gate_denials (checked_at)`);
    // Written by the inline projection of the job's events; the worker's progress counters beside them.
    await runner.query(`
      CREATE TABLE consent.scrub_jobs (
        job_id uuid PRIMARY KEY,
        operator_code int NOT NULL,
        sender jsonb NOT NULL,
        type text NOT NULL,
        category text NOT NULL,
        total int NOT NULL,
        chunk_count int NOT NULL,
        done_chunks int NOT NULL DEFAULT 0,
        allowed int NOT NULL DEFAULT 0,
        submitted_at timestamptz NOT NULL,
        completed_at timestamptz,
        expires_at timestamptz NOT NULL
      )`);
    await runner.query(`CREATE INDEX scrub_jobs_pending ON consent.scrub_jobs (submitted_at) WHERE completed_at IS NULL`);
    // Input and result of each chunk sealed under a key derived for the jobs: addresses never rest in
    // clear. Staged before the job's event is appended, so no foreign key; orphans are pruned.
    await runner.query(`
      CREATE TABLE consent.scrub_job_chunks (
        job_id uuid NOT NULL,
        chunk_no int NOT NULL,
        staged_at timestamptz NOT NULL,
        input jsonb NOT NULL,
        result jsonb,
        allowed int,
        PRIMARY KEY (job_id, chunk_no)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE consent.scrub_job_chunks, consent.scrub_jobs, consent.gate_denials, consent.gate_counters, consent.gate_exempt_senders, consent.gate_senders`);
  }
}
