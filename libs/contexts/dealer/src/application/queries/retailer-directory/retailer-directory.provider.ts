import { Inject, Injectable } from '@nestjs/common';
import type { DealerContracts } from '@iys/contracts';
import { ProjectionRunner } from '@iys/platform/event-store';
import { retailersCaughtUp } from '../../own-brand.js';
import { retailersProjection } from '../../projections/retailers.projection.js';
import { RETAILER_RECORDS, type RetailerRecords } from '../retailer-records.port.js';
import { RetailerViews } from '../retailer-view.js';

/**
 * Serves the published RetailerDirectory port from the retailers read model, which is async (it sums
 * consent's access events): a retailer not found yet is looked up again once caught up, and counts
 * are read caught up (docs/adr/0052).
 */
@Injectable()
export class RetailerDirectoryProvider implements DealerContracts.RetailerDirectoryPort {
  constructor(
    @Inject(RetailerViews) private readonly retailers: RetailerViews,
    @Inject(RETAILER_RECORDS) private readonly records: RetailerRecords,
    @Inject(ProjectionRunner) private readonly runner: ProjectionRunner,
  ) {}

  async describe(iysCode: number, brandCode: number, retailerCodes: readonly number[]): Promise<DealerContracts.RetailerDescription[]> {
    if (retailerCodes.length === 0) return [];
    const { list } = await this.retailers.read({ iysCode, brandCode }, { offset: 0, limit: retailerCodes.length, retailerCodes });
    const byCode = new Map(list.map(({ retailerAccessCount: _count, canBeDeleted: _deletable, ...view }) => [view.retailerCode, view]));
    return retailerCodes.flatMap((code) => byCode.get(code) ?? []);
  }

  async find(iysCode: number, brandCode: number, retailerCode: number) {
    return this.runner.readCaughtUp(retailersProjection, () => this.records.find(iysCode, brandCode, retailerCode));
  }

  async countsFor(brandCodes: readonly number[]): Promise<Map<number, number>> {
    await retailersCaughtUp(this.runner);
    return this.records.countsFor(brandCodes);
  }
}
