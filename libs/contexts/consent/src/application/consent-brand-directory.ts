import { Inject, Injectable } from '@nestjs/common';
import type pg from 'pg';
import { DomainError } from '@iys/platform/building-blocks';
import { iysErrorItem, PG_POOL } from '@iys/platform/nest';

/** İYS's answer for a brand the provider does not have, on every consent route (C1–C8). */
export function unknownBrand(): DomainError {
  return new DomainError('H195', iysErrorItem('H195').message, ['brandCode']);
}

/** This context's copy of the brand directory (`consent.brands`, projected from service-provider events). */
@Injectable()
export class ConsentBrandDirectory {
  constructor(@Inject(PG_POOL) private readonly pool: pg.Pool) {}

  /** The provider's activation date (ISO) for an active brand of its own; else H195. Writes ask this. */
  async activationDateOf(iysCode: number, brandCode: number): Promise<string> {
    const { rows } = await this.pool.query<{ activation_date: Date }>(
      'SELECT activation_date FROM consent.brands WHERE brand_code = $1 AND iys_code = $2 AND active',
      [brandCode, iysCode],
    );
    if (rows.length === 0) throw unknownBrand();
    return rows[0].activation_date.toISOString();
  }

  /**
   * H195 unless the brand is the provider's (active or passive: what was registered under a brand that
   * was later deactivated stays readable). Reads ask it only when they found nothing, so an answer
   * with rows costs no extra statement.
   */
  async requireKnown(iysCode: number, brandCode: number): Promise<void> {
    const { rowCount } = await this.pool.query('SELECT 1 FROM consent.brands WHERE brand_code = $1 AND iys_code = $2', [brandCode, iysCode]);
    if (!rowCount) throw unknownBrand();
  }
}
