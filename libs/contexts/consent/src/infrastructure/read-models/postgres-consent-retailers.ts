import { Inject, Injectable } from '@nestjs/common';
import type pg from 'pg';
import { PG_POOL } from '@iys/platform/nest';
import type { ConsentRetailers } from '../../application/consent-retailers.port.js';

/** The ConsentRetailers port over consent.retailers. */
@Injectable()
export class PostgresConsentRetailers implements ConsentRetailers {
  constructor(@Inject(PG_POOL) private readonly pool: pg.Pool) {}

  async statusOf(iysCode: number, brandCode: number, retailerCodes: readonly number[]): Promise<Map<number, string>> {
    const { rows } = await this.pool.query<{ retailer_code: number; status: string }>(
      'SELECT retailer_code, status FROM consent.retailers WHERE brand_code = $1 AND iys_code = $2 AND retailer_code = ANY($3::int[])',
      [brandCode, iysCode, retailerCodes],
    );
    return new Map(rows.map((row) => [row.retailer_code, row.status]));
  }
}
