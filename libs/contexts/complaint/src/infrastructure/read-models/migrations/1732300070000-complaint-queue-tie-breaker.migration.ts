import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The queue sorts by filing time with the complaint id as tie-breaker in the same direction
 * (`filed_at DESC, complaint_id DESC`, or both ascending). Three of its indexes held the id
 * ascending (or not at all), so every page but a provincial one without a status filter was an
 * index scan under an Incremental Sort; with the id in the sort's direction the page is a plain
 * index scan (read forwards, or backwards for the ascending sort), about half the database's time
 * per page and more for deep pages (docs/adr/0070, docs/benchmarks.md).
 */
export class ComplaintQueueTieBreaker1732300070000 implements MigrationInterface {
  name = 'ComplaintQueueTieBreaker1732300070000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX complaint.complaints_queue, complaint.complaints_by_filing, complaint.complaints_by_provider`);
    await runner.query(`CREATE INDEX complaints_queue ON complaint.complaints (province, status, filed_at DESC, complaint_id DESC)`);
    await runner.query(`CREATE INDEX complaints_by_filing ON complaint.complaints (filed_at DESC, complaint_id DESC)`);
    await runner.query(`CREATE INDEX complaints_by_provider ON complaint.complaints (iys_code, filed_at DESC, complaint_id DESC) WHERE iys_code IS NOT NULL`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX complaint.complaints_queue, complaint.complaints_by_filing, complaint.complaints_by_provider`);
    await runner.query(`CREATE INDEX complaints_queue ON complaint.complaints (province, status, filed_at DESC, complaint_id)`);
    await runner.query(`CREATE INDEX complaints_by_filing ON complaint.complaints (filed_at DESC, complaint_id)`);
    await runner.query(`CREATE INDEX complaints_by_provider ON complaint.complaints (iys_code, filed_at DESC) WHERE iys_code IS NOT NULL`);
  }
}
