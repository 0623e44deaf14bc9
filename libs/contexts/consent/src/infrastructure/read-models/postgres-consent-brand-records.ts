import { Inject, Injectable } from '@nestjs/common';
import type pg from 'pg';
import { PG_POOL } from '@iys/platform/nest';
import type { ConsentBrandRecords } from '../../application/consent-brands.port.js';

/** The ConsentBrandRecords port over consent.brands. */
@Injectable()
export class PostgresConsentBrandRecords implements ConsentBrandRecords {
  constructor(@Inject(PG_POOL) private readonly pool: pg.Pool) {}

  async activationDateOf(iysCode: number, brandCode: number): Promise<Date | undefined> {
    const { rows } = await this.pool.query<{ activation_date: Date }>(
      'SELECT activation_date FROM consent.brands WHERE brand_code = $1 AND iys_code = $2 AND active',
      [brandCode, iysCode],
    );
    return rows[0]?.activation_date;
  }

  async isKnown(iysCode: number, brandCode: number): Promise<boolean> {
    const { rowCount } = await this.pool.query('SELECT 1 FROM consent.brands WHERE brand_code = $1 AND iys_code = $2', [brandCode, iysCode]);
    return (rowCount ?? 0) > 0;
  }
}
