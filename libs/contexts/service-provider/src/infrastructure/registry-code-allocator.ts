import { Inject, Injectable } from '@nestjs/common';
import type pg from 'pg';
import { PG_POOL } from '@iys/platform/nest';

/**
 * İYS numbers are integers issued by the registry. A sequence never hands out the same number
 * twice, even across concurrent approvals; a number drawn for an approval that then loses a race
 * is simply never used (gaps are harmless).
 */
@Injectable()
export class RegistryCodeAllocator {
  constructor(@Inject(PG_POOL) private readonly pool: pg.Pool) {}

  async nextIysCode(): Promise<number> {
    const { rows } = await this.pool.query<{ code: string }>(`SELECT nextval('service_provider.iys_code_seq') AS code`);
    return Number(rows[0].code);
  }

  async nextIntegratorCode(): Promise<number> {
    const { rows } = await this.pool.query<{ code: string }>(`SELECT nextval('service_provider.integrator_code_seq') AS code`);
    return Number(rows[0].code);
  }

  async nextBrandCodes(count: number): Promise<number[]> {
    const { rows } = await this.pool.query<{ code: string }>(
      `SELECT nextval('service_provider.brand_code_seq') AS code FROM generate_series(1, $1)`,
      [count],
    );
    return rows.map((row) => Number(row.code));
  }
}
