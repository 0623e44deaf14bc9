import type { MigrationInterface, QueryRunner } from 'typeorm';

const TABLES = ['users', 'sessions', 'retired_refresh_tokens'];

/**
 * Accounts, sessions and retired refresh tokens leave the service-provider schema for this context's
 * own (docs/adr/0045). `SET SCHEMA` moves each table with its rows, indexes and constraints: no copy,
 * no rebuild. The read model's checkpoint follows its new name, so it is not rebuilt either.
 */
export class IdentityAccessSchema1732300045000 implements MigrationInterface {
  name = 'IdentityAccessSchema1732300045000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE SCHEMA identity_access`);
    for (const table of TABLES) await runner.query(`ALTER TABLE service_provider.${table} SET SCHEMA identity_access`);
    await runner.query(`UPDATE event_store.projection_checkpoints SET projection_name = 'identity-access.api-access' WHERE projection_name = 'service-provider.api-access'`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`UPDATE event_store.projection_checkpoints SET projection_name = 'service-provider.api-access' WHERE projection_name = 'identity-access.api-access'`);
    for (const table of TABLES) await runner.query(`ALTER TABLE identity_access.${table} SET SCHEMA service_provider`);
    await runner.query(`DROP SCHEMA identity_access`);
  }
}
