import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the gate needs to answer a past delivery (`at`) as things stood then (docs/adr/0051): when a
 * brand was deactivated, and each sender identity's registration periods. Senders registered before
 * this migration have no recorded registration time: their period starts at -infinity.
 */
export class GateHistory1732300041510 implements MigrationInterface {
  name = 'GateHistory1732300041510';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE consent.brands ADD COLUMN deactivated_at timestamptz`);
    await runner.query(`
      CREATE TABLE consent.gate_sender_periods (
        channel text NOT NULL,
        sender_id text NOT NULL,
        valid_from timestamptz NOT NULL,
        valid_to timestamptz,
        iys_code int NOT NULL,
        brand_code int NOT NULL,
        PRIMARY KEY (channel, sender_id, valid_from)
      )`);
    await runner.query(`
      INSERT INTO consent.gate_sender_periods (channel, sender_id, valid_from, iys_code, brand_code)
      SELECT channel, sender_id, '-infinity', iys_code, brand_code FROM consent.gate_senders`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE consent.gate_sender_periods`);
    await runner.query(`ALTER TABLE consent.brands DROP COLUMN deactivated_at`);
  }
}
