import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The personal-data vault: the only place an address (as its keyed digest) meets a recipient id, and
 * the only place the per-subject data keys live. Crypto-shredding deletes the first and empties the
 * second; every ciphertext elsewhere then becomes unreadable without touching the event store.
 */
export class PiiVault1732300001000 implements MigrationInterface {
  name = 'PiiVault1732300001000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE SCHEMA IF NOT EXISTS pii`);
    // The row outlives shredding with only shredded_at, so "erased" stays distinguishable from "never existed".
    await runner.query(`
      CREATE TABLE pii.subject_keys (
        recipient_id  uuid PRIMARY KEY,
        wrapped_dek   bytea,
        kek_id        text NOT NULL,
        created_at    timestamptz NOT NULL DEFAULT now(),
        shredded_at   timestamptz,
        CONSTRAINT subject_keys_shredded_has_no_key CHECK ((wrapped_dek IS NULL) = (shredded_at IS NOT NULL))
      )`);
    // Every registered address has a key; the reverse stops holding once a subject is shredded.
    await runner.query(`
      CREATE TABLE pii.recipient_registry (
        address_hmac  bytea PRIMARY KEY,
        recipient_id  uuid NOT NULL UNIQUE REFERENCES pii.subject_keys (recipient_id),
        created_at    timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP SCHEMA pii CASCADE`);
  }
}
