import { Inject, Injectable } from '@nestjs/common';
import type pg from 'pg';
import { PG_POOL } from '@iys/platform/nest';
import type { RegisteredSender, SenderDirectory } from '../../application/sender-identities.js';

@Injectable()
export class PostgresSenderDirectory implements SenderDirectory {
  constructor(@Inject(PG_POOL) private readonly pool: pg.Pool) {}

  async isActiveBrand(iysCode: number, brandCode: number): Promise<boolean> {
    const { rowCount } = await this.pool.query('SELECT 1 FROM service_provider.brands WHERE brand_code = $1 AND iys_code = $2 AND active', [brandCode, iysCode]);
    return rowCount === 1;
  }

  async listOf(iysCode: number, brandCode: number): Promise<RegisteredSender[]> {
    const { rows } = await this.pool.query<RegisteredSender>(
      `SELECT channel, sender_id AS "senderId" FROM service_provider.brand_senders
        WHERE iys_code = $1 AND brand_code = $2 ORDER BY channel, sender_id`,
      [iysCode, brandCode],
    );
    return rows;
  }
}
