import { Inject, Injectable } from '@nestjs/common';
import type pg from 'pg';
import { PG_POOL } from '@iys/platform/nest';
import type { DealerReadModel } from '../../application/dealer-read-model.port.js';

/** The DealerReadModel port over dealer.brands, dealer.retailers and dealer.retailer_code_seq. */
@Injectable()
export class PostgresDealerReadModel implements DealerReadModel {
  constructor(@Inject(PG_POOL) private readonly pool: pg.Pool) {}

  async ownsBrand(iysCode: number, brandCode: number, active: boolean): Promise<boolean> {
    const { rowCount } = await this.pool.query(`SELECT 1 FROM dealer.brands WHERE brand_code = $1 AND iys_code = $2 ${active ? 'AND active' : ''}`, [brandCode, iysCode]);
    return rowCount !== 0;
  }

  async everAssociated(iysCode: number, brandCode: number, retailerCode: number): Promise<boolean | undefined> {
    const { rows } = await this.pool.query<{ ever_associated: boolean }>(
      'SELECT ever_associated FROM dealer.retailers WHERE retailer_code = $1 AND brand_code = $2 AND iys_code = $3',
      [retailerCode, brandCode, iysCode],
    );
    return rows[0]?.ever_associated;
  }

  async nextRetailerCode(): Promise<number> {
    const { rows } = await this.pool.query<{ code: string }>(`SELECT nextval('dealer.retailer_code_seq') AS code`);
    return Number(rows[0].code);
  }
}
