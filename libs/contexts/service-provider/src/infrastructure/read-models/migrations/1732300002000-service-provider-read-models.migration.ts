import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Read models of the service-provider context, all rebuildable from its events. The unique
 * username index is where a command relies on a read model for a rule (docs/adr/0011): the users
 * projection runs inline, so a duplicate aborts the append that would have created it.
 */
export class ServiceProviderReadModels1732300002000 implements MigrationInterface {
  name = 'ServiceProviderReadModels1732300002000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE SCHEMA IF NOT EXISTS service_provider`);
    await runner.query(`CREATE SEQUENCE service_provider.iys_code_seq START 600001`);
    await runner.query(`CREATE SEQUENCE service_provider.brand_code_seq START 700001`);
    await runner.query(`
      CREATE TABLE service_provider.applications (
        application_id uuid PRIMARY KEY,
        status text NOT NULL,
        title text NOT NULL,
        mersis text NOT NULL,
        brand_names jsonb NOT NULL,
        submitted_at timestamptz NOT NULL,
        iys_code int,
        decided_by text,
        rejection_reason text,
        stream_position int NOT NULL
      )`);
    await runner.query(`
      CREATE TABLE service_provider.providers (
        iys_code int PRIMARY KEY,
        application_id uuid NOT NULL UNIQUE,
        title text NOT NULL,
        activation_date timestamptz NOT NULL
      )`);
    await runner.query(`
      CREATE TABLE service_provider.brands (
        brand_code int PRIMARY KEY,
        iys_code int NOT NULL,
        name text NOT NULL,
        master boolean NOT NULL,
        active boolean NOT NULL DEFAULT true
      )`);
    await runner.query(`CREATE INDEX brands_by_provider ON service_provider.brands (iys_code, brand_code)`);
    await runner.query(`
      CREATE TABLE service_provider.users (
        user_id uuid PRIMARY KEY,
        username text NOT NULL,
        role text NOT NULL,
        iys_code int,
        password_hash text NOT NULL,
        disabled boolean NOT NULL DEFAULT false
      )`);
    await runner.query(`CREATE UNIQUE INDEX users_username_unique ON service_provider.users (lower(username))`);
    await runner.query(`
      CREATE TABLE service_provider.sessions (
        session_id uuid PRIMARY KEY,
        user_id uuid NOT NULL,
        refresh_token_hash text NOT NULL,
        refresh_expires_at timestamptz NOT NULL,
        revoked_reason text,
        version int NOT NULL
      )`);
    await runner.query(`CREATE UNIQUE INDEX sessions_by_refresh_token ON service_provider.sessions (refresh_token_hash)`);
    await runner.query(`CREATE INDEX sessions_by_user ON service_provider.sessions (user_id)`);
    // Every refresh token a session ever had, so a replayed old one is recognised as theft.
    await runner.query(`
      CREATE TABLE service_provider.retired_refresh_tokens (
        refresh_token_hash text PRIMARY KEY,
        session_id uuid NOT NULL
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP SCHEMA service_provider CASCADE`);
  }
}
