import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The event store's tables (docs/adr/0003, 0004). Raw SQL: TypeORM has no xid8 type, and the
 * append and read paths depend on exact column types and indexes.
 */
export class EventStore1732300000000 implements MigrationInterface {
  name = 'EventStore1732300000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE SCHEMA IF NOT EXISTS event_store`);
    // COLLATE "C": stream-id prefix reads (a recipient's consents) use the btree with LIKE 'prefix%'.
    await runner.query(`
      CREATE TABLE event_store.streams (
        stream_id    text COLLATE "C" PRIMARY KEY,
        stream_type  text NOT NULL,
        shard_key    text COLLATE "C" NOT NULL,
        version      bigint NOT NULL CHECK (version >= 0),
        last_hash    bytea NOT NULL,
        is_archived  boolean NOT NULL DEFAULT false,
        created_at   timestamptz NOT NULL DEFAULT now(),
        updated_at   timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`
      CREATE TABLE event_store.events (
        global_position  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        transaction_id   xid8 NOT NULL DEFAULT pg_current_xact_id(),
        stream_id        text COLLATE "C" NOT NULL,
        shard_key        text COLLATE "C" NOT NULL,
        stream_position  bigint NOT NULL CHECK (stream_position >= 1),
        event_id         uuid NOT NULL,
        event_type       text NOT NULL,
        schema_version   smallint NOT NULL DEFAULT 1,
        data             jsonb NOT NULL,
        metadata         jsonb NOT NULL,
        occurred_at      timestamptz NOT NULL,
        recorded_at      timestamptz NOT NULL,
        hash             bytea NOT NULL,
        CONSTRAINT events_stream_position_unique UNIQUE (stream_id, stream_position),
        CONSTRAINT events_event_id_unique UNIQUE (event_id)
      )`);
    await runner.query(`CREATE INDEX events_commit_order ON event_store.events (transaction_id, global_position)`);
    await runner.query(`
      CREATE TABLE event_store.processed_commands (
        command_id   text PRIMARY KEY,
        stream_id    text COLLATE "C" NOT NULL,
        outcome      jsonb NOT NULL,
        recorded_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`
      CREATE TABLE event_store.projection_checkpoints (
        projection_name       text NOT NULL,
        projection_version    int NOT NULL,
        last_transaction_id   xid8 NOT NULL DEFAULT '0',
        last_global_position  bigint NOT NULL DEFAULT 0,
        status                text NOT NULL CHECK (status IN ('active', 'rebuilding', 'retired')),
        owner_instance        text,
        updated_at            timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (projection_name, projection_version)
      )`);
    // Events are facts: the database itself refuses to change or remove them.
    await runner.query(`
      CREATE FUNCTION event_store.reject_event_mutation() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'event_store.events is append-only: % is not allowed', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await runner.query(`
      CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON event_store.events
      FOR EACH ROW EXECUTE FUNCTION event_store.reject_event_mutation()`);
    await runner.query(`
      CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON event_store.events
      FOR EACH STATEMENT EXECUTE FUNCTION event_store.reject_event_mutation()`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP SCHEMA event_store CASCADE`);
  }
}
