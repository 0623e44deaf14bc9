import { Inject, Injectable } from '@nestjs/common';
import type pg from 'pg';
import type { ServiceProviderContracts } from '@iys/contracts';
import { PG_POOL } from '@iys/platform/nest';

/** The published AccessScopes port, answered from this context's directory and integrator grants. */
@Injectable()
export class PostgresAccessScopes implements ServiceProviderContracts.AccessScopesPort {
  constructor(@Inject(PG_POOL) private readonly pool: pg.Pool) {}

  async providerExists(iysCode: number): Promise<boolean> {
    const { rowCount } = await this.pool.query('SELECT 1 FROM service_provider.providers WHERE iys_code = $1', [iysCode]);
    return rowCount !== 0;
  }

  async integratorExists(integratorCode: number): Promise<boolean> {
    const { rowCount } = await this.pool.query('SELECT 1 FROM service_provider.integrators WHERE integrator_code = $1', [integratorCode]);
    return rowCount !== 0;
  }

  async integratorGrant(integratorCode: number, iysCode: number): Promise<{ brandCodes: number[] } | undefined> {
    const { rows } = await this.pool.query<{ brand_codes: number[] }>(
      'SELECT brand_codes FROM service_provider.integrator_grants WHERE integrator_code = $1 AND iys_code = $2',
      [integratorCode, iysCode],
    );
    return rows[0] ? { brandCodes: rows[0].brand_codes } : undefined;
  }
}
