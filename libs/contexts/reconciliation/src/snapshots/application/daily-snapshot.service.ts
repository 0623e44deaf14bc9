import { Inject, Injectable } from '@nestjs/common';
import {
  addCalendarDays,
  compareCalendarDays,
  DomainError,
  istanbulDay,
  parseIysDate,
  type CalendarDay,
  type Clock,
} from '@iys/platform/building-blocks';
import { PostgresEventStore, ProjectionRunner } from '@iys/platform/event-store';
import { APP_CONFIG, CLOCK, iysCodeEntry } from '@iys/platform/nest';
import { MerkleAccumulator, merkleRoot, type InclusionProof } from '../domain/merkle/merkle-tree.js';
import { MovementFileSource } from '../../reports/application/movement-file.source.js';
import { SEALED_MOVEMENT_FILES, type SealedMovementFileStore } from '../../reports/application/sealed-movement-files.port.js';
import { dailyMovementsProjection } from '../../reports/application/projections/daily-movements.projection.js';
import { SnapshotSigningKey } from './snapshot-signing-key.js';
import { SNAPSHOT_RECORDS, type BrandSnapshot, type DailySnapshot, type SnapshotRecords } from './snapshot-records.port.js';

export type { BrandSnapshot, DailySnapshot } from './snapshot-records.port.js';

export type SnapshotProgress =
  | { kind: 'day-started'; day: CalendarDay; brands: number }
  | { kind: 'brand-done'; day: CalendarDay; brandCode: number; done: number; total: number; eventCount: number }
  | { kind: 'day-done'; day: CalendarDay; created: boolean; snapshot: DailySnapshot };

export interface SnapshotResult {
  /** False when the day already had a snapshot: it is returned unchanged. */
  created: boolean;
  snapshot: DailySnapshot;
}

/**
 * The exact bytes signed: the day is included so a signature cannot be replayed for another day
 * (every day without movements has the same root, SHA-256 of the empty string).
 */
export function snapshotSignedMessage(day: CalendarDay, registryRoot: Buffer): Buffer {
  return Buffer.from(`iys-daily-snapshot/v1\n${day}\n${registryRoot.toString('hex')}`, 'utf8');
}

/** How long a snapshot waits for the daily-movement projection to pass what is committed. */
const CATCH_UP_TIMEOUT_MS = 120_000;
const HASH_PAGE = 10_000;

/**
 * The signed daily snapshot: for a completed Istanbul day, each brand with movements gets the SHA-256
 * of its movement file and a Merkle root over the chain hashes (as the event store holds them) of its day's
 * events in commit order; the registry root over the brand roots (by brand code) is signed with
 * Ed25519. Stored once per day: a second run returns the stored snapshot unchanged.
 *
 * Note: the snapshot records the day as it was when taken. A later erasure deletes the subject's rows
 * from daily_movements, so a recomputation of that day afterwards no longer matches (by design: the
 * signature proves what the registry held, the erasure is itself in the event log).
 */
@Injectable()
export class DailySnapshotService {
  constructor(
    @Inject(SNAPSHOT_RECORDS) private readonly records: SnapshotRecords,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ProjectionRunner) private readonly runner: ProjectionRunner,
    @Inject(MovementFileSource) private readonly files: MovementFileSource,
    @Inject(SnapshotSigningKey) private readonly signingKey: SnapshotSigningKey,
    @Inject(APP_CONFIG) private readonly config: { runProjections: boolean; IYS_MOVEMENT_FILE_WINDOW_DAYS: number },
    @Inject(SEALED_MOVEMENT_FILES) private readonly sealedFiles: SealedMovementFileStore,
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
  ) {}

  /**
   * Takes (or returns the stored) snapshot of `day`. Refuses today and the future (H502) and a
   * malformed day (H501). Waits until the daily-movement projection has passed everything committed
   * so far (after the day's end, so the whole day); a process that runs no projections (the CLI)
   * drives them itself.
   */
  async snapshotDay(day: string, onProgress?: (progress: SnapshotProgress) => void): Promise<SnapshotResult> {
    const checked = parseIysDate(day);
    if (checked === undefined) throw new DomainError('H501', iysCodeEntry('H501').message, ['date']);
    if (compareCalendarDays(checked, istanbulDay(this.clock.now())) >= 0) throw new DomainError('H502', iysCodeEntry('H502').message, ['date']);

    const existing = await this.findSnapshot(checked);
    if (existing) {
      onProgress?.({ kind: 'day-done', day: checked, created: false, snapshot: existing });
      return { created: false, snapshot: existing };
    }
    await this.awaitMovements();

    const brandRows = await this.records.brandsMovedOn(checked);
    onProgress?.({ kind: 'day-started', day: checked, brands: brandRows.length });
    const brands: BrandSnapshot[] = [];
    for (const [i, { brandCode, iysCode }] of brandRows.entries()) {
      const scope = { iysCode, brandCode, day: checked };
      // The file is sealed as it is hashed: M4 and M2 then read it instead of computing it again.
      const fileSha256 = Buffer.from(await this.files.seal(scope), 'hex');
      const { root, count } = await this.brandRoot(checked, brandCode, iysCode);
      brands.push({ brandCode, iysCode, fileSha256, merkleRoot: root, eventCount: count });
      onProgress?.({ kind: 'brand-done', day: checked, brandCode, done: i + 1, total: brandRows.length, eventCount: count });
    }

    const registryRoot = merkleRoot(brands.map((brand) => brand.merkleRoot));
    const key = this.signingKey.key;
    const signature = this.signingKey.sign(snapshotSignedMessage(checked, registryRoot));
    const eventCount = brands.reduce((sum, brand) => sum + brand.eventCount, 0);

    const created = await this.records.store(
      { day: checked, registryRoot, signature, publicKeyId: key.publicKeyId, publicKey: key.publicKeyDer, eventCount, createdAt: this.clock.now() },
      brands,
    );
    const snapshot = (await this.findSnapshot(checked))!;
    onProgress?.({ kind: 'day-done', day: checked, created, snapshot });
    return { created, snapshot };
  }

  /**
   * Snapshots every completed day without one, from the earliest day with movements or a snapshot up
   * to yesterday (Istanbul, at `now`): after downtime every missed day is filled, gaps included.
   */
  async catchUp(
    now: Date = this.clock.now(),
    onProgress?: (progress: SnapshotProgress) => void,
    { signal }: { signal?: AbortSignal } = {},
  ): Promise<CalendarDay[]> {
    const yesterday = addCalendarDays(istanbulDay(now), -1);
    const first = await this.records.firstDay();
    if (!first || compareCalendarDays(first, yesterday) > 0) return [];
    const done = new Set(await this.records.snapshotDaysBetween(first, yesterday));
    const created: CalendarDay[] = [];
    for (let day = first; compareCalendarDays(day, yesterday) <= 0; day = addCalendarDays(day, 1)) {
      if (done.has(day)) continue;
      if (signal?.aborted) break; // shutting down: the next run resumes here
      const result = await this.snapshotDay(day, onProgress);
      if (result.created) created.push(day);
    }
    // Sealed files are for M4's window; older days are computed again if M2 is asked about them.
    await this.sealedFiles.pruneBefore(addCalendarDays(istanbulDay(now), -this.config.IYS_MOVEMENT_FILE_WINDOW_DAYS));
    return created;
  }

  findSnapshot(day: CalendarDay): Promise<DailySnapshot | undefined> {
    return this.records.find(day);
  }

  /**
   * The Merkle root over the chain hashes of a brand's events of the day, in commit order (seq), read
   * a page at a time and folded as it goes (memory stays flat). Anyone holding the event log can
   * recompute it with the same query. The events named in `prove` (event ids) also get their
   * inclusion proofs against that root, in the same pass.
   */
  async brandRoot(
    day: CalendarDay,
    brandCode: number,
    iysCode: number,
    prove: ReadonlySet<string> = new Set(),
  ): Promise<{ root: Buffer; count: number; proofs: Map<string, InclusionProof> }> {
    const acc = new MerkleAccumulator();
    const tracked = new Map<number, string>();
    let after = '0';
    for (;;) {
      const rows = await this.records.movementEvents(day, brandCode, iysCode, after, HASH_PAGE);
      // The leaves are the chain hashes the event store holds (its own read, not a join into its tables).
      const hashes = await this.store.chainHashesOf(rows.map((row) => row.eventId));
      for (const row of rows) {
        const hash = hashes.get(row.eventId);
        if (!hash) continue; // as the join did: a movement whose event is not in the log is no leaf
        const track = prove.has(row.eventId);
        if (track) tracked.set(acc.size, row.eventId);
        acc.add(hash, { track });
      }
      if (rows.length < HASH_PAGE) break;
      after = rows[rows.length - 1].seq;
    }
    const proofs = new Map([...acc.proofs()].map(([index, proof]) => [tracked.get(index)!, proof]));
    return { root: acc.root(), count: acc.size, proofs };
  }

  private async awaitMovements(): Promise<void> {
    await this.runner.waitUntilCaughtUp(dailyMovementsProjection, {
      timeoutMs: CATCH_UP_TIMEOUT_MS,
      drive: !this.config.runProjections,
    });
  }
}
