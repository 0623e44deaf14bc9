import { Inject, Injectable } from '@nestjs/common';
import type { DealerContracts } from '@iys/contracts';
import { ProjectionRunner } from '@iys/platform/event-store';
import { PiiVault } from '@iys/platform/pii';
import { DEALER_READ_MODEL, type DealerReadModel } from '../dealer-read-model.port.js';
import { assertOwnBrand, retailersCaughtUp } from '../own-brand.js';
import { RETAILER_RECORDS, type RetailerRecords } from './retailer-records.port.js';

/** One retailer exactly as İYS R2/R3 show it (iys-api.md §3.10): RA3's description and two counts. */
export interface RetailerView extends DealerContracts.RetailerDescription {
  retailerAccessCount: number;
  canBeDeleted: boolean;
}

/** The retailer screens' one read: a page of a brand's retailers, with the authorised person unsealed. */
@Injectable()
export class RetailerViews {
  constructor(
    @Inject(DEALER_READ_MODEL) private readonly reads: DealerReadModel,
    @Inject(PiiVault) private readonly vault: PiiVault,
    @Inject(RETAILER_RECORDS) private readonly records: RetailerRecords,
    @Inject(ProjectionRunner) private readonly runner: ProjectionRunner,
  ) {}

  /** One page of a brand's retailers (or of those listed in `retailerCodes`), in code order. */
  async read(scope: { iysCode: number; brandCode: number }, page: { offset: number; limit: number; retailerCodes?: readonly number[] }): Promise<{ totalCount: number; list: RetailerView[] }> {
    await assertOwnBrand({ reads: this.reads, runner: this.runner }, scope.iysCode, scope.brandCode);
    await retailersCaughtUp(this.runner);
    const { rows, total } = await this.records.page(scope, page);
    const clear = await this.vault.decryptMany(rows.flatMap((r) => [r.authorisedPerson.name, r.authorisedPerson.tckn, r.authorisedPerson.mobile]));
    const list = rows.map((r, i) => ({
      title: r.title,
      mersis: r.mersis,
      alias: r.alias,
      name: clear[i * 3],
      tckn: clear[i * 3 + 1],
      mobile: clear[i * 3 + 2],
      city: r.city,
      town: r.town,
      retailerAccessCount: r.accessCount,
      status: r.status,
      canBeDeleted: !r.everAssociated,
      retailerCode: r.retailerCode,
    }));
    return { totalCount: total, list };
  }
}
