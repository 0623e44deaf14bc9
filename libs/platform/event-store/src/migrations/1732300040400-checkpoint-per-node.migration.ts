import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A projection's checkpoint is a vector: one log position per node of the store (docs/adr/0048),
 * because `xid8` orders only one node's log. One node today, so every checkpoint is the list of
 * node 0's position, and the rows already written become exactly that.
 */
export class CheckpointPerNode1732300040400 implements MigrationInterface {
  name = 'CheckpointPerNode1732300040400';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE event_store.projection_checkpoints
        ADD COLUMN node smallint NOT NULL DEFAULT 0 CHECK (node >= 0),
        DROP CONSTRAINT projection_checkpoints_pkey,
        ADD CONSTRAINT projection_checkpoints_pkey PRIMARY KEY (projection_name, projection_version, node)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DELETE FROM event_store.projection_checkpoints WHERE node <> 0`);
    await runner.query(`
      ALTER TABLE event_store.projection_checkpoints
        DROP CONSTRAINT projection_checkpoints_pkey,
        ADD CONSTRAINT projection_checkpoints_pkey PRIMARY KEY (projection_name, projection_version),
        DROP COLUMN node`);
  }
}
