import { Inject, Injectable, Optional } from '@nestjs/common';
import type pg from 'pg';
import { ProjectionRunner } from '@iys/platform/event-store';
import { PG_POOL } from '@iys/platform/nest';
import { complaintDirectoryProjection } from './projections/complaint-directory.projection.js';

/**
 * Resolves a sender as a recipient saw it to a provider and brand, from the identities brands
 * registered (complaint.senders). One match resolves; several (a shared header) resolve only to the
 * brand the recipient picked among them; none leaves the complaint for the authority to assign.
 *
 * The directory is projected asynchronously from service-provider's events (docs/adr/0052). A
 * sender is resolved once the projection has reached the log's head (a removal is no miss a retry
 * could detect), so one registered or removed a moment ago is known at once; a brand not found is
 * looked up again once caught up, and a hit costs the one read.
 */
@Injectable()
export class SenderDirectory {
  constructor(
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Optional() @Inject(ProjectionRunner) private readonly runner?: ProjectionRunner,
  ) {}

  async resolve(channel: string, senderId: string, pickedBrand?: number): Promise<{ iysCode: number; brandCode: number } | undefined> {
    await this.runner?.waitUntilCaughtUp(complaintDirectoryProjection, { drive: true, timeoutMs: 5_000 });
    const { rows } = await this.pool.query<{ iys_code: number; brand_code: number }>(
      'SELECT iys_code, brand_code FROM complaint.senders WHERE channel = $1 AND sender_id = $2 ORDER BY brand_code',
      [channel, senderId],
    );
    const match = rows.length === 1 ? rows[0] : rows.find((row) => row.brand_code === pickedBrand);
    return match ? { iysCode: match.iys_code, brandCode: match.brand_code } : undefined;
  }

  async brand(brandCode: number): Promise<{ iysCode: number; brandCode: number; brandName: string } | undefined> {
    return this.readCaughtUp(async () => {
      const { rows } = await this.pool.query<{ iys_code: number; brand_name: string }>('SELECT iys_code, brand_name FROM complaint.brands WHERE brand_code = $1', [brandCode]);
      return rows[0] ? { iysCode: rows[0].iys_code, brandCode, brandName: rows[0].brand_name } : undefined;
    });
  }

  /** Names of these brands; brands still unknown once the directory has caught up are absent. */
  async brandNames(brandCodes: readonly number[]): Promise<Map<number, string>> {
    const codes = [...new Set(brandCodes)];
    const read = async () => {
      const { rows } = await this.pool.query<{ brand_code: number; brand_name: string }>('SELECT brand_code, brand_name FROM complaint.brands WHERE brand_code = ANY($1::int[])', [codes]);
      return new Map(rows.map((row) => [row.brand_code, row.brand_name]));
    };
    const all = await this.readCaughtUp(async () => {
      const names = await read();
      return names.size === codes.length ? names : undefined;
    });
    return all ?? read();
  }

  private readCaughtUp<T>(read: () => Promise<T | undefined>): Promise<T | undefined> {
    return this.runner ? this.runner.readCaughtUp(complaintDirectoryProjection, read) : read();
  }
}
