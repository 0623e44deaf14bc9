import type { EncryptedValue } from '@iys/platform/pii';
import type { MovementFileRecord } from '../domain/movement-file.js';
import type { ReportScopeOf } from '../domain/report-day.js';

/** A page row of a day's movements: the file's fields under their names, the recipient sealed, `seq` the commit order. */
export interface MovementPageRow extends MovementFileRecord {
  seq: string;
  recipient: EncryptedValue;
}

/**
 * The day's movements (reconciliation.daily_movements) as the movement file reads them, and their
 * recipients opened through the vault on the same reads (a replica on M2/M4, ADR 0047) without
 * caching the keys. Implemented in infrastructure (docs/adr/0052).
 */
export interface MovementRows {
  /** Up to `pageSize` rows of the scope's day after `after` (a seq; '0' for the first page), in seq order. */
  page(scope: ReportScopeOf, after: string, pageSize: number): Promise<MovementPageRow[]>;
  /** The recipients in clear, in order (erased ones `***`); their keys are not cached. */
  openRecipients(sealed: readonly EncryptedValue[]): Promise<string[]>;
}

export const MOVEMENT_ROWS = Symbol('MOVEMENT_ROWS');
