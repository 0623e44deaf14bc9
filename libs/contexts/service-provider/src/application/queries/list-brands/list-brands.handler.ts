import { Inject } from '@nestjs/common';
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
 * B1. Consent and retailer counts come from the consent and dealer contexts' projections once they
 * publish their events; until then every brand truthfully has none.
 */
@QueryHandler(ListBrandsQuery)
export class ListBrandsHandler implements IQueryHandler<ListBrandsQuery, BrandListItem[]> {
  constructor(@Inject(PG_POOL) private readonly pool: pg.Pool) {}

  async execute({ iysCode }: ListBrandsQuery): Promise<BrandListItem[]> {
    const { rows } = await this.pool.query<{ brand_code: number; name: string; master: boolean }>(
      `SELECT brand_code, name, master FROM service_provider.brands WHERE iys_code = $1 AND active ORDER BY master DESC, brand_code`,
      [iysCode],
    );
    return rows.map((row) => ({
      brandCode: row.brand_code,
      name: row.name,
      master: row.master,
      stats: { consents: { approval: 0, rejection: 0, total: 0 }, retailers: { total: 0 } },
    }));
  }
}
