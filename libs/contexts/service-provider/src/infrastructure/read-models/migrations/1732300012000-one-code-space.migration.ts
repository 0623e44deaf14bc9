import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * iysCodes and brandCodes are drawn from one sequence from now on (a master brand is numbered with
 * its provider's iysCode). The sequence moves past every code already issued by either, so no new
 * code can equal an existing brand's; existing brands keep their codes.
 */
export class OneCodeSpace1732300012000 implements MigrationInterface {
  name = 'OneCodeSpace1732300012000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      SELECT setval('service_provider.iys_code_seq', greatest(
        (SELECT coalesce(max(brand_code), 0) FROM service_provider.brands),
        (SELECT coalesce(max(iys_code), 0) FROM service_provider.providers),
        (SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM service_provider.iys_code_seq)))`);
  }

  async down(): Promise<void> {
    // Codes issued from the shared sequence stay valid; nothing to undo.
  }
}
