import { Inject, Injectable } from '@nestjs/common';
import type pg from 'pg';
import type { ServiceProviderContracts } from '@iys/contracts';
import { PG_POOL } from '@iys/platform/nest';

/** The published OperatorDirectory port: an operator user's gateway, from its own user row. */
@Injectable()
export class OperatorDirectoryProvider implements ServiceProviderContracts.OperatorDirectoryPort {
  constructor(@Inject(PG_POOL) private readonly pool: pg.Pool) {}

  async operatorCodeOf(userId: string): Promise<number | undefined> {
    const { rows } = await this.pool.query<{ operator_code: number }>(
      `SELECT operator_code FROM service_provider.users WHERE user_id = $1::uuid AND role = 'operator' AND NOT disabled AND operator_code IS NOT NULL`,
      [userId],
    );
    return rows[0]?.operator_code;
  }
}
