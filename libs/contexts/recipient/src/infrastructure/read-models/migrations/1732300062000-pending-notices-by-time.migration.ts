import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The notice sender asks which recipients have a pending notice older than the gathering delay; by
 * registration time that is an index range of the rows that are due, not a grouping of every
 * pending row (a bulk upload leaves a hundred thousand, none due for a minute). docs/adr/0062.
 */
export class PendingNoticesByTime1732300062000 implements MigrationInterface {
  name = 'PendingNoticesByTime1732300062000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE INDEX IF NOT EXISTS pending_notices_by_time ON recipient.pending_notices (registered_at)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX IF EXISTS recipient.pending_notices_by_time`);
  }
}
