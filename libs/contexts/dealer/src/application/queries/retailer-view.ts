import type { DealerContracts } from '@iys/contracts';
import type pg from 'pg';
import type { EncryptedValue, PiiVault } from '@iys/platform/pii';
import { assertOwnBrand } from '../own-brand.js';
import type { PlaceRef, RetailerStatus } from '../../domain/retailer.events.js';

/** One retailer exactly as İYS R2/R3 show it (iys-api.md §3.10): RA3's description and two counts. */
export interface RetailerView extends DealerContracts.RetailerDescription {
  retailerAccessCount: number;
  canBeDeleted: boolean;
}

interface RetailerRow {
  retailer_code: number;
  title: string;
  mersis: string;
  alias: string;
  authorised_person: { name: EncryptedValue; tckn: EncryptedValue; mobile: EncryptedValue };
  city: PlaceRef;
  town: PlaceRef;
  status: RetailerStatus;
  access_count: number;
  ever_associated: boolean;
}

/** One page of a brand's retailers (or of those listed in `retailerCodes`), in code order, with the authorised person unsealed. */
export async function readRetailers(
  pool: pg.Pool,
  vault: PiiVault,
  scope: { iysCode: number; brandCode: number },
  page: { offset: number; limit: number; retailerCodes?: readonly number[] },
): Promise<{ totalCount: number; list: RetailerView[] }> {
  await assertOwnBrand(pool, scope.iysCode, scope.brandCode);
  const byCode = page.retailerCodes !== undefined;
  const { rows } = await pool.query<RetailerRow & { total: number }>(
    `SELECT retailer_code, title, mersis, alias, authorised_person, city, town, status, access_count, ever_associated,
            count(*) OVER ()::int AS total
       FROM dealer.retailers
      WHERE brand_code = $1 AND iys_code = $2 ${byCode ? 'AND retailer_code = ANY($5::int[])' : ''}
      ORDER BY retailer_code OFFSET $3 LIMIT $4`,
    byCode ? [scope.brandCode, scope.iysCode, page.offset, page.limit, page.retailerCodes] : [scope.brandCode, scope.iysCode, page.offset, page.limit],
  );
  const clear = await vault.decryptMany(rows.flatMap((r) => [r.authorised_person.name, r.authorised_person.tckn, r.authorised_person.mobile]));
  const list = rows.map((r, i) => ({
    title: r.title,
    mersis: r.mersis,
    alias: r.alias,
    name: clear[i * 3],
    tckn: clear[i * 3 + 1],
    mobile: clear[i * 3 + 2],
    city: r.city,
    town: r.town,
    retailerAccessCount: r.access_count,
    status: r.status,
    canBeDeleted: !r.ever_associated,
    retailerCode: r.retailer_code,
  }));
  const totalCount = rows[0]?.total ?? (page.offset > 0 ? await countOf(pool, scope) : 0);
  return { totalCount, list };
}

async function countOf(pool: pg.Pool, scope: { iysCode: number; brandCode: number }): Promise<number> {
  const { rows } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM dealer.retailers WHERE brand_code = $1 AND iys_code = $2', [scope.brandCode, scope.iysCode]);
  return rows[0].n;
}
