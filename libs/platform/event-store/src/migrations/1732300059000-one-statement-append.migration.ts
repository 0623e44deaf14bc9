import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The append as one statement (docs/adr/0059). Idempotency rows become slim: the command's first
 * and last stream position instead of an `outcome` document, which the rare duplicate rebuilds from
 * the events themselves; rows written before keep their `outcome` and are read as they are. The
 * append's statement aborts itself through `event_store.append_conflict` when a stream head did not
 * move as expected, so nothing of a refused append is ever committed.
 */
export class OneStatementAppend1732300059000 implements MigrationInterface {
  name = 'OneStatementAppend1732300059000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE event_store.processed_commands
        ALTER COLUMN outcome DROP NOT NULL,
        ADD COLUMN first_position bigint,
        ADD COLUMN last_position bigint,
        ADD CONSTRAINT processed_commands_outcome_or_positions
          CHECK (outcome IS NOT NULL OR (first_position >= 1 AND last_position >= first_position))`);
    // Called with the number of stream heads the statement created or moved and the number it had to:
    // any difference is a lost race, and the whole statement (hence its transaction) fails.
    await runner.query(`
      CREATE FUNCTION event_store.append_conflict(moved bigint, expected bigint) RETURNS boolean
      LANGUAGE plpgsql AS $$
      BEGIN
        IF moved <> expected THEN
          RAISE EXCEPTION 'event_store: % of % stream heads were not where the append expected them', expected - moved, expected
            USING ERRCODE = 'IYS01';
        END IF;
        RETURN true;
      END $$`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP FUNCTION event_store.append_conflict(bigint, bigint)`);
    // Slim rows get back the outcome document the older code reads.
    await runner.query(`
      UPDATE event_store.processed_commands c
         SET outcome = (
           SELECT jsonb_build_object(
                    'streamId', c.stream_id, 'nextExpectedVersion', c.last_position,
                    'eventIds', jsonb_agg(e.event_id::text ORDER BY e.stream_position),
                    'globalPositions', jsonb_agg(e.global_position::text ORDER BY e.stream_position),
                    'recordedAt', to_char(min(e.recorded_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
             FROM event_store.events e
            WHERE e.stream_id = c.stream_id AND e.stream_position BETWEEN c.first_position AND c.last_position)
       WHERE c.outcome IS NULL`);
    await runner.query(`
      ALTER TABLE event_store.processed_commands
        DROP CONSTRAINT processed_commands_outcome_or_positions,
        DROP COLUMN last_position,
        DROP COLUMN first_position,
        ALTER COLUMN outcome SET NOT NULL`);
  }
}
