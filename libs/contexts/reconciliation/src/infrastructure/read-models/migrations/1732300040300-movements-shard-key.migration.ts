import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The daily movements' keys carry the recipient id, their distribution column (docs/adr/0048); reads keep their indexes. */
export class MovementsShardKey1732300040300 implements MigrationInterface {
  name = 'MovementsShardKey1732300040300';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE reconciliation.daily_movements
        DROP CONSTRAINT daily_movements_pkey,
        ADD CONSTRAINT daily_movements_pkey PRIMARY KEY (event_id, recipient_id),
        DROP CONSTRAINT daily_movements_seq_key,
        ADD CONSTRAINT daily_movements_seq_key UNIQUE (seq, recipient_id)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE reconciliation.daily_movements
        DROP CONSTRAINT daily_movements_seq_key,
        ADD CONSTRAINT daily_movements_seq_key UNIQUE (seq),
        DROP CONSTRAINT daily_movements_pkey,
        ADD CONSTRAINT daily_movements_pkey PRIMARY KEY (event_id)`);
  }
}
