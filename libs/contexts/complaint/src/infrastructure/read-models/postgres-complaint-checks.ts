import { Inject, Injectable } from '@nestjs/common';
import type pg from 'pg';
import { PG_POOL } from '@iys/platform/nest';
import type { ComplaintChecks } from '../../application/complaint-checks.port.js';

/** complaint.checks: conditional updates (a check is claimed once), so SQL (ADR 0049). */
@Injectable()
export class PostgresComplaintChecks implements ComplaintChecks {
  constructor(@Inject(PG_POOL) private readonly pool: pg.Pool) {}

  async record(checkId: string, accountId: string, at: Date): Promise<void> {
    await this.pool.query('INSERT INTO complaint.checks (check_id, account_id, checked_at) VALUES ($1, $2, $3)', [checkId, accountId, at]);
  }

  async isOf(checkId: string, accountId: string): Promise<boolean> {
    const found = await this.pool.query('SELECT 1 FROM complaint.checks WHERE check_id::text = $1 AND account_id = $2', [checkId, accountId]);
    return (found.rowCount ?? 0) > 0;
  }

  async countRejection(checkId: string): Promise<void> {
    await this.pool.query('UPDATE complaint.checks SET rejected = rejected + 1 WHERE check_id::text = $1', [checkId]);
  }

  async claim(checkId: string, accountId: string, complaintId: string): Promise<boolean> {
    const claimed = await this.pool.query(
      'UPDATE complaint.checks SET complaint_id = $3 WHERE check_id = $1 AND account_id = $2 AND complaint_id IS NULL',
      [checkId, accountId, complaintId],
    );
    return (claimed.rowCount ?? 0) > 0;
  }
}
