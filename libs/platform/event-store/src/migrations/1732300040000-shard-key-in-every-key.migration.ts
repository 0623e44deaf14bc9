import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every unique key of the event store carries the shard key (docs/adr/0048), so the tables can be
 * distributed on it without changing a key. The shard key is appended, never leading: the stream id
 * determines it, so uniqueness means what it meant, and every read by stream id, event id or command
 * id keeps using its index. The constraint names stay, because the append path recognises them.
 */
export class ShardKeyInEventStoreKeys1732300040000 implements MigrationInterface {
  name = 'ShardKeyInEventStoreKeys1732300040000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE event_store.streams
        DROP CONSTRAINT streams_pkey,
        ADD CONSTRAINT streams_pkey PRIMARY KEY (stream_id, shard_key)`);
    await runner.query(`
      ALTER TABLE event_store.events
        DROP CONSTRAINT events_pkey,
        ADD CONSTRAINT events_pkey PRIMARY KEY (global_position, shard_key),
        DROP CONSTRAINT events_stream_position_unique,
        ADD CONSTRAINT events_stream_position_unique UNIQUE (stream_id, stream_position, shard_key),
        DROP CONSTRAINT events_event_id_unique,
        ADD CONSTRAINT events_event_id_unique UNIQUE (event_id, shard_key)`);
    // The shard key of a stream id is what lies between its first '-' and its first '.' (ADR 0006).
    await runner.query(`ALTER TABLE event_store.processed_commands ADD COLUMN shard_key text COLLATE "C"`);
    await runner.query(`UPDATE event_store.processed_commands SET shard_key = split_part(substr(stream_id, strpos(stream_id, '-') + 1), '.', 1)`);
    await runner.query(`
      ALTER TABLE event_store.processed_commands
        ALTER COLUMN shard_key SET NOT NULL,
        DROP CONSTRAINT processed_commands_pkey,
        ADD CONSTRAINT processed_commands_pkey PRIMARY KEY (command_id, shard_key)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE event_store.processed_commands
        DROP CONSTRAINT processed_commands_pkey,
        ADD CONSTRAINT processed_commands_pkey PRIMARY KEY (command_id),
        DROP COLUMN shard_key`);
    await runner.query(`
      ALTER TABLE event_store.events
        DROP CONSTRAINT events_event_id_unique,
        ADD CONSTRAINT events_event_id_unique UNIQUE (event_id),
        DROP CONSTRAINT events_stream_position_unique,
        ADD CONSTRAINT events_stream_position_unique UNIQUE (stream_id, stream_position),
        DROP CONSTRAINT events_pkey,
        ADD CONSTRAINT events_pkey PRIMARY KEY (global_position)`);
    await runner.query(`
      ALTER TABLE event_store.streams
        DROP CONSTRAINT streams_pkey,
        ADD CONSTRAINT streams_pkey PRIMARY KEY (stream_id)`);
  }
}
