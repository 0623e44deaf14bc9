import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Integrators (iş ortağı), the grants providers give them, and per-user integrator code and IP allow-list. */
export class Integrators1732300003000 implements MigrationInterface {
  name = 'Integrators1732300003000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE SEQUENCE service_provider.integrator_code_seq START 900001`);
    await runner.query(`
      CREATE TABLE service_provider.integrators (
        integrator_code int PRIMARY KEY,
        integrator_id uuid NOT NULL UNIQUE,
        title text NOT NULL
      )`);
    await runner.query(`
      CREATE TABLE service_provider.integrator_grants (
        iys_code int NOT NULL,
        integrator_code int NOT NULL,
        brand_codes int[] NOT NULL,
        types text[] NOT NULL,
        agreement_control boolean NOT NULL,
        PRIMARY KEY (integrator_code, iys_code)
      )`);
    await runner.query(`ALTER TABLE service_provider.users ADD COLUMN integrator_code int, ADD COLUMN allowed_ips text[] NOT NULL DEFAULT '{}'`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE service_provider.users DROP COLUMN integrator_code, DROP COLUMN allowed_ips`);
    await runner.query(`DROP TABLE service_provider.integrator_grants, service_provider.integrators`);
    await runner.query(`DROP SEQUENCE service_provider.integrator_code_seq`);
  }
}
