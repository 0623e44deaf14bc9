import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ConsentContracts } from '@iys/contracts';
import { REPORT_READS, type ReportReads } from '../../report-reads.port.js';
import { ReportScope } from '../../report-scope.js';
import { GetChangeStatsQuery, type ChangeStats } from './get-change-stats.query.js';

export type { ChangeStats };

/** Types in İYS's own order (H117: ARAMA, MESAJ, EPOSTA), then the provider's side before the registry's. */
const TYPE_ORDER: readonly string[] = ConsentContracts.CONSENT_TYPES;
const SOURCE_ORDER = ['HS', 'IYS'];

/**
 * M1: for one recipient type, every consent type that had movements on the day, each with one row per
 * party that made some (HS: the provider's side; IYS: recipients through the registry). A type or a
 * party without movements is left out; a day without any gives `{ changeStats: [] }`. The counts are
 * of the same rows the movement file (M4) lists.
 */
@QueryHandler(GetChangeStatsQuery)
export class GetChangeStatsHandler implements IQueryHandler<GetChangeStatsQuery, ChangeStats> {
  constructor(
    @Inject(REPORT_READS) private readonly reads: ReportReads,
    @Inject(ReportScope) private readonly scopes: ReportScope,
  ) {}

  async execute(query: GetChangeStatsQuery): Promise<ChangeStats> {
    const scope = await this.scopes.open(query, { kind: 'completed-day' });
    const rows = await this.reads.movementCounts(scope, query.recipientType);
    const rank = (order: readonly string[], value: string) => (order.includes(value) ? order.indexOf(value) : order.length);
    rows.sort((a, b) => rank(TYPE_ORDER, a.type) - rank(TYPE_ORDER, b.type) || a.type.localeCompare(b.type) || rank(SOURCE_ORDER, a.origin) - rank(SOURCE_ORDER, b.origin));
    const byType = new Map<string, ChangeStats['changeStats'][number]>();
    for (const row of rows) {
      let entry = byType.get(row.type);
      if (!entry) byType.set(row.type, (entry = { type: row.type, consents: [] }));
      entry.consents.push({ source: row.origin, total: row.approval + row.rejection, approval: row.approval, rejection: row.rejection });
    }
    return { changeStats: [...byType.values()] };
  }
}
