import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sealed movement files: a completed day's M4 bytes, kept encrypted from the nightly snapshot so M4
 * and M2 serve them at the speed of a read instead of opening every recipient again. A file is
 * complete only once its `sealed_movement_files` row exists (written last, in the same transaction as
 * its chunks). An erasure of any of its recipients deletes it (the daily-movements projection).
 */
export class SealedMovementFiles1732300010000 implements MigrationInterface {
  name = 'SealedMovementFiles1732300010000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE reconciliation.sealed_movement_files (
        brand_code int NOT NULL,
        day date NOT NULL,
        iys_code int NOT NULL,
        format int NOT NULL,
        sha256 bytea NOT NULL CHECK (length(sha256) = 32),
        byte_length bigint NOT NULL,
        chunk_count int NOT NULL,
        sealed_at timestamptz NOT NULL,
        PRIMARY KEY (brand_code, day)
      )`);
    await runner.query(`
      CREATE TABLE reconciliation.sealed_movement_file_chunks (
        brand_code int NOT NULL,
        day date NOT NULL,
        chunk_no int NOT NULL,
        iv bytea NOT NULL,
        sealed bytea NOT NULL,
        PRIMARY KEY (brand_code, day, chunk_no)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE reconciliation.sealed_movement_file_chunks`);
    await runner.query(`DROP TABLE reconciliation.sealed_movement_files`);
  }
}
