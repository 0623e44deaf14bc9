import { Inject, Optional } from '@nestjs/common';
import { ConsentContracts, DealerContracts } from '@iys/contracts';
import { PROVIDER_DIRECTORY, type ProviderDirectory } from '../../provider-directory.port.js';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ListBrandsQuery } from './list-brands.query.js';

/** One brand exactly as İYS's B1 lists it (iys-api.md §3.1). */
export interface BrandListItem {
  brandCode: number;
  name: string;
  master: boolean;
  stats: { consents: { approval: number; rejection: number; total: number }; retailers: { total: number } };
}

/** B1. Consent counts come from the consent context's published stats port, retailer counts from the dealer context's. */
@QueryHandler(ListBrandsQuery)
export class ListBrandsHandler implements IQueryHandler<ListBrandsQuery, BrandListItem[]> {
  constructor(
    @Inject(PROVIDER_DIRECTORY) private readonly directory: ProviderDirectory,
    @Optional() @Inject(ConsentContracts.BRAND_CONSENT_STATS) private readonly consentStats?: ConsentContracts.BrandConsentStatsPort,
    @Optional() @Inject(DealerContracts.RETAILER_DIRECTORY) private readonly retailers?: DealerContracts.RetailerDirectoryPort,
  ) {}

  async execute({ iysCode }: ListBrandsQuery): Promise<BrandListItem[]> {
    const rows = await this.directory.activeBrands(iysCode);
    const brandCodes = rows.map((row) => row.brandCode);
    const [counts, retailerCounts] = await Promise.all([
      this.consentStats?.countsFor(brandCodes) ?? new Map<number, ConsentContracts.BrandConsentCounts>(),
      this.retailers?.countsFor(brandCodes) ?? new Map<number, number>(),
    ]);
    return rows.map((row) => {
      const { approval, rejection } = counts.get(row.brandCode) ?? { approval: 0, rejection: 0 };
      return {
        brandCode: row.brandCode,
        name: row.name,
        master: row.master,
        stats: { consents: { approval, rejection, total: approval + rejection }, retailers: { total: retailerCounts.get(row.brandCode) ?? 0 } },
      };
    });
  }
}
