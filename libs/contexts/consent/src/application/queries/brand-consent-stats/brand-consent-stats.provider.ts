import { Inject, Injectable } from '@nestjs/common';
import type { ConsentContracts } from '@iys/contracts';
import type { SqlExecutor } from '@iys/platform/database';
import { REPLICA_READS } from '@iys/platform/nest';

/** Serves the published BrandConsentStats port from the current-consent read model. */
@Injectable()
export class BrandConsentStatsProvider implements ConsentContracts.BrandConsentStatsPort {
  constructor(@Inject(REPLICA_READS) private readonly pool: SqlExecutor) {}

  async countsFor(brandCodes: readonly number[]): Promise<Map<number, ConsentContracts.BrandConsentCounts>> {
    const { rows } = await this.pool.query<{ brand_code: number; approval: number; rejection: number }>(
      `SELECT brand_code, count(*) FILTER (WHERE status = 'ONAY')::int AS approval, count(*) FILTER (WHERE status = 'RET')::int AS rejection
         FROM consent.current_consent WHERE brand_code = ANY($1::int[]) GROUP BY brand_code`,
      [brandCodes],
    );
    return new Map(rows.map((row) => [row.brand_code, { approval: row.approval, rejection: row.rejection }]));
  }
}
