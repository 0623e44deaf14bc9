import { Inject, Injectable } from '@nestjs/common';
import type { DealerContracts } from '@iys/contracts';
import { RETAILER_RECORDS, type RetailerRecords } from '../retailer-records.port.js';
import { RetailerViews } from '../retailer-view.js';

/** Serves the published RetailerDirectory port from the retailers read model. */
@Injectable()
export class RetailerDirectoryProvider implements DealerContracts.RetailerDirectoryPort {
  constructor(
    @Inject(RetailerViews) private readonly retailers: RetailerViews,
    @Inject(RETAILER_RECORDS) private readonly records: RetailerRecords,
  ) {}

  async describe(iysCode: number, brandCode: number, retailerCodes: readonly number[]): Promise<DealerContracts.RetailerDescription[]> {
    if (retailerCodes.length === 0) return [];
    const { list } = await this.retailers.read({ iysCode, brandCode }, { offset: 0, limit: retailerCodes.length, retailerCodes });
    const byCode = new Map(list.map(({ retailerAccessCount: _count, canBeDeleted: _deletable, ...view }) => [view.retailerCode, view]));
    return retailerCodes.flatMap((code) => byCode.get(code) ?? []);
  }

  async find(iysCode: number, brandCode: number, retailerCode: number) {
    return this.records.find(iysCode, brandCode, retailerCode);
  }

  async countsFor(brandCodes: readonly number[]): Promise<Map<number, number>> {
    return this.records.countsFor(brandCodes);
  }
}
