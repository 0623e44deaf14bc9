import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The signed daily snapshots. Unlike the read models these are NOT rebuildable: each row records what
 * the registry signed after a day ended (a later erasure changes the day's file and roots, not the
 * stored snapshot), so they are never truncated by a projection reset.
 */
export class ReconciliationSnapshots1732300007000 implements MigrationInterface {
  name = 'ReconciliationSnapshots1732300007000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE SCHEMA IF NOT EXISTS reconciliation`);
    // One row per completed Istanbul day: the registry-wide Merkle root over the brand roots and its
    // Ed25519 signature. public_key is the SPKI DER of the key that signed, so a snapshot stays
    // checkable after the key is rotated; public_key_id = first 16 hex of SHA-256(public_key).
    await runner.query(`
      CREATE TABLE reconciliation.daily_snapshots (
        day date PRIMARY KEY,
        registry_root bytea NOT NULL CHECK (length(registry_root) = 32),
        signature bytea NOT NULL,
        public_key_id text NOT NULL,
        public_key bytea NOT NULL,
        brand_count int NOT NULL,
        event_count int NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    // One row per brand with movements that day: the SHA-256 of its movement file (M2's hashValue at
    // snapshot time) and the Merkle root over the chain hashes of the day's events, in commit order.
    await runner.query(`
      CREATE TABLE reconciliation.brand_snapshots (
        day date NOT NULL REFERENCES reconciliation.daily_snapshots (day),
        brand_code int NOT NULL,
        iys_code int NOT NULL,
        file_sha256 bytea NOT NULL CHECK (length(file_sha256) = 32),
        merkle_root bytea NOT NULL CHECK (length(merkle_root) = 32),
        event_count int NOT NULL,
        PRIMARY KEY (day, brand_code)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE reconciliation.brand_snapshots`);
    await runner.query(`DROP TABLE reconciliation.daily_snapshots`);
  }
}
