import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The address directory is found by its address digest, the subject keys by recipient id: distributed,
 * they live on different shards (docs/adr/0048). So the directory's keys carry its own distribution
 * column, and the foreign key between the two goes: the vault writes a subject's key and its directory
 * row in one statement, only when the directory row is new, which is what the foreign key guarded.
 */
export class DirectoryKeys1732300040100 implements MigrationInterface {
  name = 'DirectoryKeys1732300040100';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE pii.recipient_registry
        DROP CONSTRAINT recipient_registry_recipient_id_fkey,
        DROP CONSTRAINT recipient_registry_recipient_id_key,
        ADD CONSTRAINT recipient_registry_recipient_id_key UNIQUE (recipient_id, address_hmac)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE pii.recipient_registry
        DROP CONSTRAINT recipient_registry_recipient_id_key,
        ADD CONSTRAINT recipient_registry_recipient_id_key UNIQUE (recipient_id),
        ADD CONSTRAINT recipient_registry_recipient_id_fkey FOREIGN KEY (recipient_id) REFERENCES pii.subject_keys (recipient_id)`);
  }
}
