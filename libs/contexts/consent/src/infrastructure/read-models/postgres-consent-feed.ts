import { Inject, Injectable } from '@nestjs/common';
import type pg from 'pg';
import { PG_POOL } from '@iys/platform/nest';
import type { ConsentFeed, StoredConsentChange } from '../../application/consent-feed.port.js';

/** The ConsentFeed port over consent.changes (joined with consent.brands for the provider's scope). */
@Injectable()
export class PostgresConsentFeed implements ConsentFeed {
  constructor(@Inject(PG_POOL) private readonly pool: pg.Pool) {}

  async changesAfter(
    query: { iysCode: number; brandCode: number; source: string; limit: number },
    position: bigint,
    since: Date,
  ): Promise<StoredConsentChange[]> {
    const { rows } = await this.pool.query<StoredConsentChange>(
      `SELECT c.seq, c.event_id, c.recipient, c.recipient_type, c.type, c.status, c.source, c.consent_date, c.creation_date
         FROM consent.changes c JOIN consent.brands b ON b.brand_code = c.brand_code
        WHERE c.brand_code = $1 AND b.iys_code = $2 AND c.origin = $3 AND c.seq > $4 AND c.creation_date >= $5
        ORDER BY c.seq LIMIT $6`,
      [query.brandCode, query.iysCode, query.source, position.toString(), since, query.limit],
    );
    return rows;
  }
}
