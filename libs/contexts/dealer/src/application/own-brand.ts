import type pg from 'pg';
import { DomainError } from '@iys/platform/building-blocks';
import { iysCodeEntry } from '@iys/platform/nest';

/** İYS H195: the brand in the path is not one of this provider's (active, when `active`) brands. */
export async function assertOwnBrand(pool: pg.Pool, iysCode: number, brandCode: number, { active = false } = {}): Promise<void> {
  const { rowCount } = await pool.query(`SELECT 1 FROM dealer.brands WHERE brand_code = $1 AND iys_code = $2 ${active ? 'AND active' : ''}`, [brandCode, iysCode]);
  if (rowCount === 0) throw new DomainError('H195', iysCodeEntry('H195').message, ['brandCode']);
}
