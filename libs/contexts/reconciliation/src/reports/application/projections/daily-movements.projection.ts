import { ConsentContracts } from '@iys/contracts';
import { istanbulDay } from '@iys/platform/building-blocks';
import type { SqlExecutor } from '@iys/platform/database';
import type { ProjectionDefinition, RecordedEvent } from '@iys/platform/event-store';
import { RECIPIENT_DATA_ERASED } from '@iys/platform/pii';

const { CONSENT_APPROVED, CONSENT_REJECTED, movementOrigin } = ConsentContracts;

/**
 * Every consent movement, bucketed by the Europe/Istanbul day the registry recorded it (İYS
 * creationDate; iys-api.md Part A item 9): what M1 counts and M4 lists. Async on purpose: the runner
 * hands events over in commit order, and this single writer numbers them as it goes, so `seq` is
 * commit order. `event_id` is the key, so a retried batch writes nothing twice; a rebuild (TRUNCATE …
 * RESTART IDENTITY, then a replay) gives the same rows, only `seq` may differ. On the erasure
 * tombstone the subject's rows go, in log order with the movements around it.
 */
export const dailyMovementsProjection: ProjectionDefinition = {
  name: 'reconciliation.daily-movements',
  version: 1,
  eventTypes: [CONSENT_APPROVED, CONSENT_REJECTED, RECIPIENT_DATA_ERASED],
  // Nobody polls it within a second: the daemon's relaxed pass serves it, off the change feed's (docs/adr/0062).
  latency: 'relaxed',
  async handle(events: RecordedEvent[], tx: SqlExecutor) {
    let pending: RecordedEvent[] = [];
    for (const event of events) {
      if (event.type !== RECIPIENT_DATA_ERASED) {
        pending.push(event);
        continue;
      }
      await insertMovements(tx, pending);
      pending = [];
      await dropSealedFilesOf(tx, String(event.data.recipientId));
      await tx.query('DELETE FROM reconciliation.daily_movements WHERE recipient_id = $1', [String(event.data.recipientId)]);
    }
    await insertMovements(tx, pending);
  },
  async reset(tx: SqlExecutor) {
    await tx.query('TRUNCATE reconciliation.daily_movements RESTART IDENTITY');
    // Sealed files were made from these rows: they are computed (and sealed by the next snapshot) again.
    await tx.query('TRUNCATE reconciliation.sealed_movement_files, reconciliation.sealed_movement_file_chunks');
  },
};

async function insertMovements(tx: SqlExecutor, events: RecordedEvent[]): Promise<void> {
  if (events.length === 0) return;
  const rows = events.map((recorded) => ({ recorded, data: recorded.data as unknown as ConsentContracts.ConsentMovement }));
  // One statement per batch; ORDER BY ord numbers the rows in the order the runner handed them over.
  await tx.query(
    `INSERT INTO reconciliation.daily_movements
       (event_id, global_position, log_transaction_id, iys_code, brand_code, day, origin, recipient, recipient_id,
        recipient_type, type, status, consent_date, source, creation_date)
     SELECT e, gp, lt, ic, bc, d, o, r, ri, rt, t, s, cd, so, cr
       FROM unnest($1::uuid[], $2::bigint[], $3::bigint[], $4::int[], $5::int[], $6::date[], $7::text[], $8::jsonb[], $9::uuid[],
                   $10::text[], $11::text[], $12::text[], $13::timestamptz[], $14::text[], $15::timestamptz[])
            WITH ORDINALITY AS n(e, gp, lt, ic, bc, d, o, r, ri, rt, t, s, cd, so, cr, ord)
      ORDER BY ord
     ON CONFLICT (event_id, recipient_id) DO NOTHING`,
    [
      rows.map(({ recorded }) => recorded.eventId),
      rows.map(({ recorded }) => recorded.globalPosition.toString()),
      rows.map(({ recorded }) => recorded.transactionId.toString()),
      rows.map(({ data }) => data.iysCode),
      rows.map(({ data }) => data.brandCode),
      rows.map(({ recorded }) => istanbulDay(recorded.recordedAt)),
      rows.map(({ data }) => movementOrigin(data)),
      rows.map(({ data }) => JSON.stringify(data.recipient)),
      rows.map(({ data }) => data.recipientId),
      rows.map(({ data }) => data.recipientType),
      rows.map(({ data }) => data.type),
      rows.map(({ recorded }) => (recorded.type === CONSENT_APPROVED ? 'ONAY' : 'RET')),
      rows.map(({ data }) => data.consentDate),
      rows.map(({ data }) => data.source),
      rows.map(({ recorded }) => recorded.recordedAt),
    ],
  );
}

/** The advisory lock of one brand-day's file: sealing and an erasure touching the day take turns. */
export async function lockMovementFile(tx: SqlExecutor, brandCode: number, day: string): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('movement-file:' || $1::text || ':' || $2::text, 0))`, [brandCode, day]);
}

/**
 * Deletes the sealed files of every brand-day in which `recipientId` moved, under those days' locks:
 * called by the daily-movements projection in the transaction that drops the erased subject's rows,
 * so a file never outlives a recipient it names (a sealing in progress finishes first and is then
 * deleted; one that starts later reads the rows without the subject).
 */
export async function dropSealedFilesOf(tx: SqlExecutor, recipientId: string): Promise<void> {
  const { rows } = await tx.query<{ brand_code: number; day: string }>(
    `SELECT DISTINCT brand_code, to_char(day, 'YYYY-MM-DD') AS day FROM reconciliation.daily_movements WHERE recipient_id = $1 ORDER BY 1, 2`,
    [recipientId],
  );
  for (const { brand_code: brandCode, day } of rows) {
    await lockMovementFile(tx, brandCode, day);
    await tx.query('DELETE FROM reconciliation.sealed_movement_files WHERE brand_code = $1 AND day = $2::date', [brandCode, day]);
    await tx.query('DELETE FROM reconciliation.sealed_movement_file_chunks WHERE brand_code = $1 AND day = $2::date', [brandCode, day]);
  }
}
