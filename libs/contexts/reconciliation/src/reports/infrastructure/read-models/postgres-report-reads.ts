import { Inject, Injectable } from '@nestjs/common';
import { REPLICA_READS } from '@iys/platform/nest';
import type { SqlExecutor } from '@iys/platform/database';
import type { MovementCountRow, ReportReads } from '../../application/report-reads.port.js';

/** The ReportReads port over reconciliation.brands and reconciliation.daily_movements. */
@Injectable()
export class PostgresReportReads implements ReportReads {
  // Read-only: a hot standby on the routes ADR 0047 marks, the primary everywhere else.
  constructor(@Inject(REPLICA_READS) private readonly pool: SqlExecutor) {}

  async brandOf(iysCode: number, brandCode: number): Promise<boolean> {
    const { rowCount } = await this.pool.query('SELECT 1 FROM reconciliation.brands WHERE brand_code = $1 AND iys_code = $2', [brandCode, iysCode]);
    return rowCount !== 0;
  }

  async movementCounts(scope: { iysCode: number; brandCode: number; day: string }, recipientType: string): Promise<MovementCountRow[]> {
    const { rows } = await this.pool.query<MovementCountRow>(
      `SELECT type, origin, count(*) FILTER (WHERE status = 'ONAY')::int AS approval, count(*) FILTER (WHERE status = 'RET')::int AS rejection
         FROM reconciliation.daily_movements
        WHERE brand_code = $1 AND day = $2::date AND iys_code = $3 AND recipient_type = $4
        GROUP BY type, origin`,
      [scope.brandCode, scope.day, scope.iysCode, recipientType],
    );
    return rows;
  }
}
