import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Retailer access (İYS RA1–RA5): the consent context's own copy of the retailers the dealer context
 * publishes, an index to find the consents a retailer may use, and a kind on the durable batch
 * queue so RA2/RA4/RA5 requests wait in it like C3 batches.
 */
export class RetailerAccess1732300013200 implements MigrationInterface {
  name = 'RetailerAccess1732300013200';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE consent.retailers (
        retailer_code int PRIMARY KEY,
        iys_code int NOT NULL,
        brand_code int NOT NULL,
        status text NOT NULL
      )`);
    await runner.query(`CREATE INDEX current_consent_by_retailer ON consent.current_consent USING gin (retailer_access)`);
    await runner.query(`ALTER TABLE consent.batch_requests ADD COLUMN kind text NOT NULL DEFAULT 'consent' CHECK (kind IN ('consent', 'retailer-access'))`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE consent.batch_requests DROP COLUMN kind`);
    await runner.query(`DROP INDEX consent.current_consent_by_retailer`);
    await runner.query(`DROP TABLE consent.retailers`);
  }
}
