import { Inject, Optional } from '@nestjs/common';
import { ConsentContracts } from '@iys/contracts';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type pg from 'pg';
import { PG_POOL } from '@iys/platform/nest';
import { ListBrandsQuery } from './list-brands.query.js';

/** One brand exactly as İYS's B1 lists it (iys-api.md §3.1). */
export interface BrandListItem {
  brandCode: number;
  name: string;
  master: boolean;
  stats: { consents: { approval: number; rejection: number; total: number }; retailers: { total: number } };
}

/**
 * B1. Consent counts come from the consent context's published stats port; retailer counts will come
 * from the dealer context the same way (none exist yet).
 */
@QueryHandler(ListBrandsQuery)
export class ListBrandsHandler implements IQueryHandler<ListBrandsQuery, BrandListItem[]> {
  constructor(
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Optional() @Inject(ConsentContracts.BRAND_CONSENT_STATS) private readonly consentStats?: ConsentContracts.BrandConsentStatsPort,
  ) {}

  async execute({ iysCode }: ListBrandsQuery): Promise<BrandListItem[]> {
    const { rows } = await this.pool.query<{ brand_code: number; name: string; master: boolean }>(
      `SELECT brand_code, name, master FROM service_provider.brands WHERE iys_code = $1 AND active ORDER BY master DESC, brand_code`,
      [iysCode],
    );
    const counts = (await this.consentStats?.countsFor(rows.map((row) => row.brand_code))) ?? new Map();
    return rows.map((row) => {
      const { approval, rejection } = counts.get(row.brand_code) ?? { approval: 0, rejection: 0 };
      return {
        brandCode: row.brand_code,
        name: row.name,
        master: row.master,
        stats: { consents: { approval, rejection, total: approval + rejection }, retailers: { total: 0 } },
      };
    });
  }
}
