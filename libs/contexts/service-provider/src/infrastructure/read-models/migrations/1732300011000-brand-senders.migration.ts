import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The sender identities each brand registered (SMS headers, calling numbers, e-mail domains). */
export class BrandSenders1732300011000 implements MigrationInterface {
  name = 'BrandSenders1732300011000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE service_provider.brand_senders (
        channel text NOT NULL,
        sender_id text NOT NULL,
        iys_code int NOT NULL,
        brand_code int NOT NULL,
        registered_at timestamptz NOT NULL,
        PRIMARY KEY (channel, sender_id)
      )`);
    await runner.query(`CREATE INDEX brand_senders_by_brand ON service_provider.brand_senders (iys_code, brand_code)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE service_provider.brand_senders`);
  }
}
