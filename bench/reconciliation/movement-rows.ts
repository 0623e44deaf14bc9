import { randomUUID } from 'node:crypto';
import { istanbulDayBounds, type CalendarDay } from '@iys/platform/building-blocks';
import type { EncryptedValue } from '@iys/platform/pii';
import { copyTextField } from '../store/copy-rows.js';

/**
 * The seeded day of the reconciliation benchmark: `reconciliation.daily_movements` rows exactly as
 * the daily-movements projection writes them (the recipient sealed by the registry's own vault), in
 * COPY text format. Pure: the unit spec checks the rows; the benchmark COPYs them (seeding is not
 * measured; what reads them is).
 */

/** The columns the projection inserts, in this order; `seq` takes its default (insertion = commit order). */
export const MOVEMENT_COLUMNS =
  'event_id, global_position, log_transaction_id, iys_code, brand_code, day, origin, recipient, recipient_id, recipient_type, type, status, consent_date, source, creation_date';

const TYPES = ['MESAJ', 'MESAJ', 'ARAMA'] as const;
const SOURCES = ['HS_WEB', 'HS_MOBIL', 'HS_CAGRI_MERKEZI', 'HS_FIZIKSEL_ORTAM'] as const;

export interface SeededMovement {
  /** 0-based position in the day (commit order). */
  index: number;
  recipientId: string;
  recipient: EncryptedValue;
}

export interface MovementDay {
  iysCode: number;
  brandCode: number;
  day: CalendarDay;
  /** Movements in the whole day: creation dates are spread evenly over it, in index order. */
  total: number;
}

/**
 * One row: creationDate spread evenly across the Istanbul day (increasing with the index, as commit
 * order is), consentDate an hour earlier; every 7th a RET, every 10th a change the recipient made
 * through the registry (origin IYS, source IYS_…), a third ARAMA, the rest MESAJ, all BIREYSEL.
 */
export function movementCopyLine(movement: SeededMovement, day: MovementDay): string {
  const { start } = istanbulDayBounds(day.day);
  const creation = new Date(start.getTime() + Math.floor((movement.index * 86_400_000) / day.total));
  const consent = new Date(creation.getTime() - 3_600_000);
  const i = movement.index;
  const throughRegistry = i % 10 === 9;
  const status = i % 7 === 6 ? 'RET' : 'ONAY';
  const source = throughRegistry ? 'IYS_WEB' : SOURCES[i % SOURCES.length];
  return (
    `${randomUUID()}\t${i + 1}\t${i + 1}\t${day.iysCode}\t${day.brandCode}\t${day.day}\t${throughRegistry ? 'IYS' : 'HS'}\t` +
    `${copyTextField(JSON.stringify(movement.recipient))}\t${movement.recipientId}\tBIREYSEL\t${TYPES[i % TYPES.length]}\t${status}\t` +
    `${consent.toISOString()}\t${source}\t${creation.toISOString()}\n`
  );
}
