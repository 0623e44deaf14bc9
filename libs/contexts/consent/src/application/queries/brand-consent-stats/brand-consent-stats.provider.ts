import { Inject, Injectable } from '@nestjs/common';
import type { ConsentContracts } from '@iys/contracts';
import { CURRENT_CONSENT_READS, type CurrentConsentReads } from '../../current-consent-reads.port.js';

/** Serves the published BrandConsentStats port from the current-consent read model. */
@Injectable()
export class BrandConsentStatsProvider implements ConsentContracts.BrandConsentStatsPort {
  constructor(@Inject(CURRENT_CONSENT_READS) private readonly reads: CurrentConsentReads) {}

  async countsFor(brandCodes: readonly number[]): Promise<Map<number, ConsentContracts.BrandConsentCounts>> {
    const rows = await this.reads.brandCounts(brandCodes);
    return new Map(rows.map((row) => [row.brandCode, { approval: row.approval, rejection: row.rejection }]));
  }
}
