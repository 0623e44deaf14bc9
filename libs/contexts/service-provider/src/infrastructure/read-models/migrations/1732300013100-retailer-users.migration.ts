import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A retailer user's brand and retailer, read by the guard from the user's row (never from its token). */
export class RetailerUsers1732300013100 implements MigrationInterface {
  name = 'RetailerUsers1732300013100';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE service_provider.users ADD COLUMN brand_code int, ADD COLUMN retailer_code int`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE service_provider.users DROP COLUMN brand_code, DROP COLUMN retailer_code`);
  }
}
