import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The change feed's keys carry the recipient id, its distribution column (docs/adr/0048); reads keep their indexes. */
export class ChangeFeedShardKey1732300040200 implements MigrationInterface {
  name = 'ChangeFeedShardKey1732300040200';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE consent.changes
        DROP CONSTRAINT changes_pkey,
        ADD CONSTRAINT changes_pkey PRIMARY KEY (seq, recipient_id),
        DROP CONSTRAINT changes_event_id_key,
        ADD CONSTRAINT changes_event_id_key UNIQUE (event_id, recipient_id)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE consent.changes
        DROP CONSTRAINT changes_event_id_key,
        ADD CONSTRAINT changes_event_id_key UNIQUE (event_id),
        DROP CONSTRAINT changes_pkey,
        ADD CONSTRAINT changes_pkey PRIMARY KEY (seq)`);
  }
}
