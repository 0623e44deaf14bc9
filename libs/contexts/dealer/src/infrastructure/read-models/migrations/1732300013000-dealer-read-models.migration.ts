import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The dealer context's read models (rebuildable from events) and the sequence of retailer codes. */
export class DealerReadModels1732300013000 implements MigrationInterface {
  name = 'DealerReadModels1732300013000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE SCHEMA IF NOT EXISTS dealer`);
    await runner.query(`CREATE TABLE dealer.brands (brand_code int PRIMARY KEY, iys_code int NOT NULL, active boolean NOT NULL DEFAULT true)`);
    // İYS retailer codes have 8 digits in every published example; registry-wide unique.
    await runner.query(`CREATE SEQUENCE dealer.retailer_code_seq START 10000001`);
    // Sealed columns hold the authorised person's data encrypted under its own data key.
    await runner.query(`
      CREATE TABLE dealer.retailers (
        retailer_code int PRIMARY KEY,
        iys_code int NOT NULL,
        brand_code int NOT NULL,
        title text NOT NULL,
        mersis text NOT NULL,
        alias text NOT NULL,
        authorised_person jsonb NOT NULL,
        city jsonb NOT NULL,
        town jsonb NOT NULL,
        status text NOT NULL,
        access_count int NOT NULL DEFAULT 0,
        ever_associated boolean NOT NULL DEFAULT false
      )`);
    await runner.query(`CREATE INDEX retailers_by_brand ON dealer.retailers (brand_code, retailer_code)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP SCHEMA dealer CASCADE`);
  }
}
