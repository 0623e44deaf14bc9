import { Inject, Injectable } from '@nestjs/common';
import type pg from 'pg';
import { PG_POOL } from '@iys/platform/nest';
import type { RegistryCodes } from '../application/registry-codes.port.js';

/** The registry's numbers from database sequences: gaps are harmless, repeats impossible. */
@Injectable()
export class RegistryCodeAllocator implements RegistryCodes {
  constructor(@Inject(PG_POOL) private readonly pool: pg.Pool) {}

  async nextIysCode(): Promise<number> {
    const { rows } = await this.pool.query<{ code: string }>(`SELECT nextval('service_provider.iys_code_seq') AS code`);
    return Number(rows[0].code);
  }

  async nextIntegratorCode(): Promise<number> {
    const { rows } = await this.pool.query<{ code: string }>(`SELECT nextval('service_provider.integrator_code_seq') AS code`);
    return Number(rows[0].code);
  }

  /**
   * Brand codes come from the iysCode sequence: a master brand is numbered with its provider's
   * iysCode, so the two kinds of number share one space and can never collide.
   */
  async nextBrandCodes(count: number): Promise<number[]> {
    const { rows } = await this.pool.query<{ code: string }>(
      `SELECT nextval('service_provider.iys_code_seq') AS code FROM generate_series(1, $1)`,
      [count],
    );
    return rows.map((row) => Number(row.code));
  }
}
