import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The gateway an operator user checks for, and exempt senders (docs/adr/0033). */
export class OperatorGate1732300015000 implements MigrationInterface {
  name = 'OperatorGate1732300015000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE service_provider.users ADD COLUMN operator_code int`);
    await runner.query(`
      CREATE TABLE service_provider.sender_exemptions (
        exemption_id uuid PRIMARY KEY,
        organisation text NOT NULL,
        kind text NOT NULL,
        registration_number jsonb NOT NULL,
        senders jsonb NOT NULL,
        valid_from timestamptz NOT NULL,
        valid_to timestamptz,
        legal_basis text NOT NULL,
        granted_position bigint NOT NULL
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE service_provider.sender_exemptions`);
    await runner.query(`ALTER TABLE service_provider.users DROP COLUMN operator_code`);
  }
}
