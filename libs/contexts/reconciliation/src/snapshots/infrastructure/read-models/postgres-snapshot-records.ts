import { Inject, Injectable } from '@nestjs/common';
import type pg from 'pg';
import type { CalendarDay } from '@iys/platform/building-blocks';
import { inTransaction } from '@iys/platform/database';
import { PG_POOL } from '@iys/platform/nest';
import type { BrandSnapshot, DailySnapshot, SnapshotRecords } from '../../application/snapshot-records.port.js';

const SNAPSHOT_LOCK = 'reconciliation.daily-snapshot';

/** The SnapshotRecords port over reconciliation.daily_snapshots, brand_snapshots and daily_movements. */
@Injectable()
export class PostgresSnapshotRecords implements SnapshotRecords {
  constructor(@Inject(PG_POOL) private readonly pool: pg.Pool) {}

  async brandsMovedOn(day: CalendarDay): Promise<{ brandCode: number; iysCode: number }[]> {
    const { rows } = await this.pool.query<{ brand_code: number; iys_code: number }>(
      `SELECT brand_code, iys_code FROM reconciliation.daily_movements WHERE day = $1::date
        GROUP BY brand_code, iys_code ORDER BY brand_code, iys_code`,
      [day],
    );
    return rows.map((row) => ({ brandCode: row.brand_code, iysCode: row.iys_code }));
  }

  store(snapshot: Omit<DailySnapshot, 'brands' | 'brandCount'>, brands: readonly BrandSnapshot[]): Promise<boolean> {
    return inTransaction(this.pool, async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [SNAPSHOT_LOCK]);
      const inserted = await tx.query(
        `INSERT INTO reconciliation.daily_snapshots (day, registry_root, signature, public_key_id, public_key, brand_count, event_count, created_at)
         VALUES ($1::date, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (day) DO NOTHING`,
        [snapshot.day, snapshot.registryRoot, snapshot.signature, snapshot.publicKeyId, snapshot.publicKey, brands.length, snapshot.eventCount, snapshot.createdAt],
      );
      if (inserted.rowCount === 0) return false; // another run stored it first: keep that one
      if (brands.length > 0) {
        await tx.query(
          `INSERT INTO reconciliation.brand_snapshots (day, brand_code, iys_code, file_sha256, merkle_root, event_count)
           SELECT $1::date, b, i, f, m, c FROM unnest($2::int[], $3::int[], $4::bytea[], $5::bytea[], $6::int[]) AS t(b, i, f, m, c)`,
          [
            snapshot.day,
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
  }

  async find(day: CalendarDay): Promise<DailySnapshot | undefined> {
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

  async firstDay(): Promise<CalendarDay | undefined> {
    const { rows } = await this.pool.query<{ first: string | null }>(
      `SELECT least((SELECT min(day) FROM reconciliation.daily_movements), (SELECT min(day) FROM reconciliation.daily_snapshots))::text AS first`,
    );
    return rows[0]?.first ?? undefined;
  }

  async snapshotDaysBetween(from: CalendarDay, to: CalendarDay): Promise<CalendarDay[]> {
    const { rows } = await this.pool.query<{ day: string }>('SELECT day::text AS day FROM reconciliation.daily_snapshots WHERE day BETWEEN $1::date AND $2::date', [from, to]);
    return rows.map((row) => row.day);
  }

  async movementEvents(day: CalendarDay, brandCode: number, iysCode: number, after: string, limit: number): Promise<{ seq: string; eventId: string }[]> {
    const { rows } = await this.pool.query<{ seq: string; event_id: string }>(
      `SELECT seq, event_id FROM reconciliation.daily_movements
        WHERE day = $1::date AND brand_code = $2 AND iys_code = $3 AND seq > $4
        ORDER BY seq LIMIT $5`,
      [day, brandCode, iysCode, after, limit],
    );
    return rows.map((row) => ({ seq: row.seq, eventId: row.event_id }));
  }
}
