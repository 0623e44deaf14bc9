import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { parseIysDate } from '@iys/platform/building-blocks';
import { IysHttpException, iysErrorItem } from '@iys/platform/nest';
import { ConsentBrandDirectory } from '../../consent-brand-directory.js';
import { GateRecords, type GateCounter } from '../../gate/gate-records.js';
import { GetBrandGateStatsQuery } from './get-brand-gate-stats.query.js';

/** The gate's counters of one of the provider's brands (another's brand is H195), for the API and the panel alike. */
@QueryHandler(GetBrandGateStatsQuery)
export class GetBrandGateStatsHandler implements IQueryHandler<GetBrandGateStatsQuery, { day: string; counters: GateCounter[] }> {
  constructor(
    @Inject(GateRecords) private readonly records: GateRecords,
    @Inject(ConsentBrandDirectory) private readonly brands: ConsentBrandDirectory,
  ) {}

  async execute({ iysCode, brandCode, day }: GetBrandGateStatsQuery): Promise<{ day: string; counters: GateCounter[] }> {
    const theDay = parseIysDate(day);
    if (!theDay) throw new IysHttpException(422, [iysErrorItem('H740', { location: ['day'] })]);
    await this.brands.requireKnown(iysCode, brandCode);
    return { day: theDay, counters: await this.records.counters(theDay, { brandCode }) };
  }
}
