import { Inject, Injectable } from '@nestjs/common';
import type pg from 'pg';
import { PG_POOL } from '@iys/platform/nest';

/**
 * Resolves a sender as a recipient saw it to a provider and brand, from the identities brands
 * registered (complaint.senders). One match resolves; several (a shared header) resolve only to the
 * brand the recipient picked among them; none leaves the complaint for the authority to assign.
 */
@Injectable()
export class SenderDirectory {
  constructor(@Inject(PG_POOL) private readonly pool: pg.Pool) {}

  async resolve(channel: string, senderId: string, pickedBrand?: number): Promise<{ iysCode: number; brandCode: number } | undefined> {
    const { rows } = await this.pool.query<{ iys_code: number; brand_code: number }>(
      'SELECT iys_code, brand_code FROM complaint.senders WHERE channel = $1 AND sender_id = $2 ORDER BY brand_code',
      [channel, senderId],
    );
    const match = rows.length === 1 ? rows[0] : rows.find((row) => row.brand_code === pickedBrand);
    return match ? { iysCode: match.iys_code, brandCode: match.brand_code } : undefined;
  }

  async brand(brandCode: number): Promise<{ iysCode: number; brandCode: number; brandName: string } | undefined> {
    const { rows } = await this.pool.query<{ iys_code: number; brand_name: string }>('SELECT iys_code, brand_name FROM complaint.brands WHERE brand_code = $1', [brandCode]);
    return rows[0] ? { iysCode: rows[0].iys_code, brandCode, brandName: rows[0].brand_name } : undefined;
  }
}
