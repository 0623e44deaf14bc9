import { Inject, Injectable } from '@nestjs/common';
import type pg from 'pg';
import { PG_POOL } from '@iys/platform/nest';
import type { SenderRecords } from '../../application/sender-records.port.js';

/** complaint.senders and complaint.brands, as the complaint-directory projection writes them. */
@Injectable()
export class PostgresSenderRecords implements SenderRecords {
  constructor(@Inject(PG_POOL) private readonly pool: pg.Pool) {}

  async matching(channel: string, senderId: string): Promise<{ iysCode: number; brandCode: number }[]> {
    const { rows } = await this.pool.query<{ iys_code: number; brand_code: number }>(
      'SELECT iys_code, brand_code FROM complaint.senders WHERE channel = $1 AND sender_id = $2 ORDER BY brand_code',
      [channel, senderId],
    );
    return rows.map((row) => ({ iysCode: row.iys_code, brandCode: row.brand_code }));
  }

  async brand(brandCode: number): Promise<{ iysCode: number; brandName: string } | undefined> {
    const { rows } = await this.pool.query<{ iys_code: number; brand_name: string }>('SELECT iys_code, brand_name FROM complaint.brands WHERE brand_code = $1', [brandCode]);
    return rows[0] ? { iysCode: rows[0].iys_code, brandName: rows[0].brand_name } : undefined;
  }

  async brandNames(brandCodes: readonly number[]): Promise<Map<number, string>> {
    const { rows } = await this.pool.query<{ brand_code: number; brand_name: string }>('SELECT brand_code, brand_name FROM complaint.brands WHERE brand_code = ANY($1::int[])', [[...brandCodes]]);
    return new Map(rows.map((row) => [row.brand_code, row.brand_name]));
  }
}
