import { Inject, Injectable } from '@nestjs/common';
import type pg from 'pg';
import {
  addCalendarDays,
  compareCalendarDays,
  DomainError,
  istanbulDay,
  parseIysDate,
  type CalendarDay,
  type Clock,
} from '@iys/platform/building-blocks';
import { inTransaction } from '@iys/platform/database';
import { PostgresEventStore, ProjectionRunner } from '@iys/platform/event-store';
import { APP_CONFIG, CLOCK, iysCodeEntry, PG_POOL } from '@iys/platform/nest';
import { MerkleAccumulator, merkleRoot, type InclusionProof } from '../domain/merkle/merkle-tree.js';
import { MovementFileSource } from '../../reports/application/movement-file.source.js';
import { SEALED_MOVEMENT_FILES, type SealedMovementFileStore } from '../../reports/application/sealed-movement-files.port.js';
import { dailyMovementsProjection } from '../../reports/application/projections/daily-movements.projection.js';
import { SnapshotSigningKey } from './snapshot-signing-key.js';

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
const SNAPSHOT_LOCK = 'reconciliation.daily-snapshot';

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
    @Inject(PG_POOL) private readonly pool: pg.Pool,
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

    const { rows: brandRows } = await this.pool.query<{ brand_code: number; iys_code: number }>(
      `SELECT brand_code, iys_code FROM reconciliation.daily_movements WHERE day = $1::date
        GROUP BY brand_code, iys_code ORDER BY brand_code, iys_code`,
      [checked],
    );
    onProgress?.({ kind: 'day-started', day: checked, brands: brandRows.length });
    const brands: BrandSnapshot[] = [];
    for (const [i, row] of brandRows.entries()) {
      const scope = { iysCode: row.iys_code, brandCode: row.brand_code, day: checked };
      // The file is sealed as it is hashed: M4 and M2 then read it instead of computing it again.
      const fileSha256 = Buffer.from(await this.files.seal(scope), 'hex');
      const { root, count } = await this.brandRoot(checked, row.brand_code, row.iys_code);
      brands.push({ brandCode: row.brand_code, iysCode: row.iys_code, fileSha256, merkleRoot: root, eventCount: count });
      onProgress?.({ kind: 'brand-done', day: checked, brandCode: row.brand_code, done: i + 1, total: brandRows.length, eventCount: count });
    }

    const registryRoot = merkleRoot(brands.map((brand) => brand.merkleRoot));
    const key = this.signingKey.key;
    const signature = this.signingKey.sign(snapshotSignedMessage(checked, registryRoot));
    const eventCount = brands.reduce((sum, brand) => sum + brand.eventCount, 0);

    const created = await inTransaction(this.pool, async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [SNAPSHOT_LOCK]);
      const inserted = await tx.query(
        `INSERT INTO reconciliation.daily_snapshots (day, registry_root, signature, public_key_id, public_key, brand_count, event_count, created_at)
         VALUES ($1::date, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (day) DO NOTHING`,
        [checked, registryRoot, signature, key.publicKeyId, key.publicKeyDer, brands.length, eventCount, this.clock.now()],
      );
      if (inserted.rowCount === 0) return false; // another run stored it first: keep that one
      if (brands.length > 0) {
        await tx.query(
          `INSERT INTO reconciliation.brand_snapshots (day, brand_code, iys_code, file_sha256, merkle_root, event_count)
           SELECT $1::date, b, i, f, m, c FROM unnest($2::int[], $3::int[], $4::bytea[], $5::bytea[], $6::int[]) AS t(b, i, f, m, c)`,
          [
            checked,
            brands.map((brand) => brand.brandCode),
            brands.map((brand) => brand.iysCode),
            brands.map((brand) => brand.fileSha256),
            brands.map((brand) => brand.merkleRoot),
            brands.map((brand) => brand.eventCount),
          ],
        );
      }
      return true;
    });
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
    const { rows } = await this.pool.query<{ first: string | null }>(
      `SELECT least((SELECT min(day) FROM reconciliation.daily_movements), (SELECT min(day) FROM reconciliation.daily_snapshots))::text AS first`,
    );
    const first = rows[0]?.first;
    if (!first || compareCalendarDays(first, yesterday) > 0) return [];
    const { rows: taken } = await this.pool.query<{ day: string }>(
      'SELECT day::text AS day FROM reconciliation.daily_snapshots WHERE day BETWEEN $1::date AND $2::date',
      [first, yesterday],
    );
    const done = new Set(taken.map((row) => row.day));
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

  async findSnapshot(day: CalendarDay): Promise<DailySnapshot | undefined> {
    const { rows } = await this.pool.query<{
      day: string;
      registry_root: Buffer;
      signature: Buffer;
      public_key_id: string;
      public_key: Buffer;
      brand_count: number;
      event_count: number;
      created_at: Date;
    }>(
      `SELECT day::text AS day, registry_root, signature, public_key_id, public_key, brand_count, event_count, created_at
         FROM reconciliation.daily_snapshots WHERE day = $1::date`,
      [day],
    );
    if (rows.length === 0) return undefined;
    const { rows: brandRows } = await this.pool.query<{
      brand_code: number;
      iys_code: number;
      file_sha256: Buffer;
      merkle_root: Buffer;
      event_count: number;
    }>(
      `SELECT brand_code, iys_code, file_sha256, merkle_root, event_count
         FROM reconciliation.brand_snapshots WHERE day = $1::date ORDER BY brand_code`,
      [day],
    );
    const row = rows[0];
    return {
      day: row.day,
      registryRoot: row.registry_root,
      signature: row.signature,
      publicKeyId: row.public_key_id,
      publicKey: row.public_key,
      brandCount: row.brand_count,
      eventCount: row.event_count,
      createdAt: row.created_at,
      brands: brandRows.map((brand) => ({
        brandCode: brand.brand_code,
        iysCode: brand.iys_code,
        fileSha256: brand.file_sha256,
        merkleRoot: brand.merkle_root,
        eventCount: brand.event_count,
      })),
    };
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
      const { rows } = await this.pool.query<{ seq: string; event_id: string }>(
        `SELECT seq, event_id FROM reconciliation.daily_movements
          WHERE day = $1::date AND brand_code = $2 AND iys_code = $3 AND seq > $4
          ORDER BY seq LIMIT $5`,
        [day, brandCode, iysCode, after, HASH_PAGE],
      );
      // The leaves are the chain hashes the event store holds (its own read, not a join into its tables).
      const hashes = await this.store.chainHashesOf(rows.map((row) => row.event_id));
      for (const row of rows) {
        const hash = hashes.get(row.event_id);
        if (!hash) continue; // as the join did: a movement whose event is not in the log is no leaf
        const track = prove.has(row.event_id);
        if (track) tracked.set(acc.size, row.event_id);
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
