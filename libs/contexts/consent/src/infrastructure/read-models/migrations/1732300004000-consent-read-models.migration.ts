import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Read models of the consent context (all rebuildable from events) and the durable batch queue. */
export class ConsentReadModels1732300004000 implements MigrationInterface {
  name = 'ConsentReadModels1732300004000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE SCHEMA IF NOT EXISTS consent`);
    // The consent context's own copy of what it needs from service-provider events.
    await runner.query(`
      CREATE TABLE consent.brands (
        brand_code int PRIMARY KEY,
        iys_code int NOT NULL,
        activation_date timestamptz NOT NULL,
        active boolean NOT NULL DEFAULT true
      )`);
    await runner.query(`
      CREATE TABLE consent.current_consent (
        brand_code int NOT NULL,
        type text NOT NULL,
        recipient_type text NOT NULL,
        recipient_id uuid NOT NULL,
        iys_code int NOT NULL,
        status text NOT NULL,
        consent_date timestamptz NOT NULL,
        source text NOT NULL,
        recipient jsonb NOT NULL,
        retailer_code int,
        retailer_access int[] NOT NULL,
        creation_date timestamptz NOT NULL,
        transaction_id uuid NOT NULL,
        stream_position int NOT NULL,
        PRIMARY KEY (brand_code, type, recipient_type, recipient_id)
      )`);
    await runner.query(`CREATE INDEX current_consent_by_recipient ON consent.current_consent (recipient_id)`);
    // The change feed (C6) in commit order: written by one async projection, so seq is commit order.
    await runner.query(`
      CREATE TABLE consent.changes (
        seq bigserial PRIMARY KEY,
        event_id uuid NOT NULL UNIQUE,
        brand_code int NOT NULL,
        origin text NOT NULL,
        recipient_id uuid NOT NULL,
        recipient jsonb NOT NULL,
        recipient_type text NOT NULL,
        type text NOT NULL,
        status text NOT NULL,
        source text NOT NULL,
        consent_date timestamptz NOT NULL,
        creation_date timestamptz NOT NULL
      )`);
    await runner.query(`CREATE INDEX changes_feed ON consent.changes (brand_code, origin, seq)`);
    await runner.query(`
      CREATE TABLE consent.batch_requests (
        request_id uuid PRIMARY KEY,
        iys_code int NOT NULL,
        brand_code int NOT NULL,
        item_count int NOT NULL,
        actor jsonb NOT NULL,
        received_at timestamptz NOT NULL,
        completed_at timestamptz
      )`);
    await runner.query(`CREATE INDEX batch_requests_pending ON consent.batch_requests (received_at) WHERE completed_at IS NULL`);
    // Items hold the sealed recipient and its opaque id, never the address in clear.
    await runner.query(`
      CREATE TABLE consent.batch_items (
        request_id uuid NOT NULL REFERENCES consent.batch_requests (request_id),
        index int NOT NULL,
        subrequest_id uuid NOT NULL,
        command jsonb,
        status text NOT NULL CHECK (status IN ('enqueue', 'success', 'failure')),
        transaction_id uuid,
        creation_date timestamptz,
        error jsonb,
        PRIMARY KEY (request_id, index)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP SCHEMA consent CASCADE`);
  }
}
