import { Inject, Injectable } from '@nestjs/common';
import type pg from 'pg';
import type { DealerContracts } from '@iys/contracts';
import { PG_POOL } from '@iys/platform/nest';
import { PiiVault } from '@iys/platform/pii';
import { readRetailers } from '../retailer-view.js';

/** Serves the published RetailerDirectory port from the retailers read model. */
@Injectable()
export class RetailerDirectoryProvider implements DealerContracts.RetailerDirectoryPort {
  constructor(
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(PiiVault) private readonly vault: PiiVault,
  ) {}

  async describe(iysCode: number, brandCode: number, retailerCodes: readonly number[]): Promise<DealerContracts.RetailerDescription[]> {
    if (retailerCodes.length === 0) return [];
    const { list } = await readRetailers(this.pool, this.vault, { iysCode, brandCode }, { offset: 0, limit: retailerCodes.length, retailerCodes });
    const byCode = new Map(list.map(({ retailerAccessCount: _count, canBeDeleted: _deletable, ...view }) => [view.retailerCode, view]));
    return retailerCodes.flatMap((code) => byCode.get(code) ?? []);
  }

  async find(iysCode: number, brandCode: number, retailerCode: number) {
    const { rows } = await this.pool.query<{ retailer_code: number; status: DealerContracts.RetailerStatus }>(
      'SELECT retailer_code, status FROM dealer.retailers WHERE retailer_code = $1 AND brand_code = $2 AND iys_code = $3',
      [retailerCode, brandCode, iysCode],
    );
    return rows[0] ? { retailerCode: rows[0].retailer_code, status: rows[0].status } : undefined;
  }

  async countsFor(brandCodes: readonly number[]): Promise<Map<number, number>> {
    const { rows } = await this.pool.query<{ brand_code: number; n: number }>(
      'SELECT brand_code, count(*)::int AS n FROM dealer.retailers WHERE brand_code = ANY($1::int[]) GROUP BY brand_code',
      [brandCodes],
    );
    return new Map(rows.map((row) => [row.brand_code, row.n]));
  }
}
