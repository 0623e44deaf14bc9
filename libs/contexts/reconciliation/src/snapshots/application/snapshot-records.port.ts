import type { CalendarDay } from '@iys/platform/building-blocks';

export interface BrandSnapshot {
  brandCode: number;
  iysCode: number;
  /** SHA-256 of the brand's movement file (the M4 bytes, M2's hashValue) when the snapshot was taken. */
  fileSha256: Buffer;
  /** Merkle root over the chain hashes of the brand's events of the day, in commit order (seq). */
  merkleRoot: Buffer;
  eventCount: number;
}

export interface DailySnapshot {
  day: CalendarDay;
  /** Merkle root over the brand roots, ordered by brand code. */
  registryRoot: Buffer;
  /** Ed25519 signature of {@link snapshotSignedMessage}(day, registryRoot). */
  signature: Buffer;
  publicKeyId: string;
  /** SPKI DER of the key that signed. */
  publicKey: Buffer;
  brandCount: number;
  eventCount: number;
  createdAt: Date;
  brands: BrandSnapshot[];
}

/**
 * The signed daily snapshots (reconciliation.daily_snapshots, brand_snapshots) and the day's
 * movements they are computed from, as DailySnapshotService reads and writes them. Implemented in
 * infrastructure (docs/adr/0052).
 */
export interface SnapshotRecords {
  /** The brands (with their provider) that had movements on `day`, by brand code. */
  brandsMovedOn(day: CalendarDay): Promise<{ brandCode: number; iysCode: number }[]>;
  /**
   * Stores a day's snapshot under the snapshot lock, once: false (nothing written) when the day
   * already had one, which is kept.
   */
  store(snapshot: Omit<DailySnapshot, 'brands' | 'brandCount'>, brands: readonly BrandSnapshot[]): Promise<boolean>;
  find(day: CalendarDay): Promise<DailySnapshot | undefined>;
  /** The earliest day with movements or a snapshot; undefined on an empty registry. */
  firstDay(): Promise<CalendarDay | undefined>;
  /** The days in [from, to] that have a snapshot. */
  snapshotDaysBetween(from: CalendarDay, to: CalendarDay): Promise<CalendarDay[]>;
  /** Up to `limit` of the brand's movements of the day after `after` (a seq; '0' first), in seq order. */
  movementEvents(day: CalendarDay, brandCode: number, iysCode: number, after: string, limit: number): Promise<{ seq: string; eventId: string }[]>;
}

export const SNAPSHOT_RECORDS = Symbol('SNAPSHOT_RECORDS');
