import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Read models of the reconciliation context, all rebuildable from events. */
export class ReconciliationReadModels1732300006000 implements MigrationInterface {
  name = 'ReconciliationReadModels1732300006000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE SCHEMA IF NOT EXISTS reconciliation`);
    // This context's own copy of brand ownership, from service-provider events (H195).
    await runner.query(`
      CREATE TABLE reconciliation.brands (
        brand_code int PRIMARY KEY,
        iys_code int NOT NULL
      )`);
    // Every consent movement by the Istanbul day it was recorded: M1 counts it, M4 lists it. One async
    // writer, so seq is commit order; (log_transaction_id, global_position) is the log's own order key.
    await runner.query(`
      CREATE TABLE reconciliation.daily_movements (
        event_id uuid PRIMARY KEY,
        seq bigserial NOT NULL UNIQUE,
        global_position bigint NOT NULL,
        log_transaction_id bigint NOT NULL,
        iys_code int NOT NULL,
        brand_code int NOT NULL,
        day date NOT NULL,
        origin text NOT NULL CHECK (origin IN ('HS', 'IYS')),
        recipient jsonb NOT NULL,
        recipient_id uuid NOT NULL,
        recipient_type text NOT NULL,
        type text NOT NULL,
        status text NOT NULL,
        consent_date timestamptz NOT NULL,
        source text NOT NULL,
        creation_date timestamptz NOT NULL
      )`);
    await runner.query(`CREATE INDEX daily_movements_by_day ON reconciliation.daily_movements (brand_code, day, seq)`);
    await runner.query(`CREATE INDEX daily_movements_by_recipient ON reconciliation.daily_movements (recipient_id)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP SCHEMA reconciliation CASCADE`);
  }
}
