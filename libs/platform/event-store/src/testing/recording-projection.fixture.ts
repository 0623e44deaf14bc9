import type { SqlExecutor } from '@iys/platform/database';
import type { ProjectionDefinition } from '../projections/projection.types.js';
import type { RecordedEvent } from '../event-store.types.js';

/**
 * A projection for the store's own tests: one row per event, with a plain INSERT (no upsert) so a
 * duplicate delivery fails loudly instead of being absorbed.
 */
export async function recordingProjection(
  db: SqlExecutor,
  name: string,
  version = 1,
  options: { inline?: boolean; guarded?: boolean } = {},
): Promise<ProjectionDefinition & { table: string }> {
  const table = `public.${name.replace(/-/g, '_')}_v${version}`;
  await db.query(`CREATE TABLE IF NOT EXISTS ${table} (event_id uuid PRIMARY KEY, stream_id text NOT NULL, stream_position int NOT NULL, seq bigserial)`);
  return {
    name,
    version,
    table,
    inline: options.inline,
    async handle(events: RecordedEvent[], tx: SqlExecutor) {
      const conflict = options.guarded ? 'ON CONFLICT (event_id) DO NOTHING' : '';
      await tx.query(
        `INSERT INTO ${table} (event_id, stream_id, stream_position)
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::int[]) ${conflict}`,
        [events.map((e) => e.eventId), events.map((e) => e.streamId), events.map((e) => e.streamPosition)],
      );
    },
    async reset(tx: SqlExecutor) {
      await tx.query(`TRUNCATE ${table}`);
    },
  };
}

export async function projectedRows(db: SqlExecutor, table: string): Promise<{ event_id: string; stream_id: string; stream_position: number }[]> {
  const { rows } = await db.query<{ event_id: string; stream_id: string; stream_position: number }>(
    `SELECT event_id, stream_id, stream_position FROM ${table} ORDER BY seq`,
  );
  return rows;
}
