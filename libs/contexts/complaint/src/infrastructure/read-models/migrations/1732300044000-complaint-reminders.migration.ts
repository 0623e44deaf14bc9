import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Complaints remember whether the provider was reminded of its defense deadline (read model; rebuilt from events). */
export class ComplaintReminders1732300044000 implements MigrationInterface {
  name = 'ComplaintReminders1732300044000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE complaint.complaints ADD COLUMN reminded boolean NOT NULL DEFAULT false`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE complaint.complaints DROP COLUMN reminded`);
  }
}
