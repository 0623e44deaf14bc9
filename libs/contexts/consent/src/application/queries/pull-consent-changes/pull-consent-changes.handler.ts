import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type pg from 'pg';
import { DomainError, formatIysDateTime, type Clock } from '@iys/platform/building-blocks';
import { CLOCK, iysCodeEntry, PG_POOL } from '@iys/platform/nest';
import { PiiVault, type EncryptedValue } from '@iys/platform/pii';
import { ConsentBrandDirectory } from '../../consent-brand-directory.js';
import { PullConsentChangesQuery } from './pull-consent-changes.query.js';

/** One movement as İYS's pull returns it (iys-api.md §3.7). */
export interface ConsentChange {
  consentDate: string;
  creationDate: string;
  source: string;
  recipient: string;
  recipientType: string;
  status: string;
  type: string;
  transactionId: string;
}

const WINDOW_DAYS = 7;
const CURSOR = /^c([0-9]{1,18})$/;

/**
 * C6: the movements of a brand made by the provider's side (HS) or by recipients through the
 * registry (IYS), in commit order, after an opaque cursor, within the last 7 days. A change is
 * here as soon as the async projection has passed it: no one-hour hole.
 */
@QueryHandler(PullConsentChangesQuery)
export class PullConsentChangesHandler implements IQueryHandler<PullConsentChangesQuery, { after: string; list: ConsentChange[] }> {
  constructor(
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(PiiVault) private readonly vault: PiiVault,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ConsentBrandDirectory) private readonly brands: ConsentBrandDirectory,
  ) {}

  async execute(query: PullConsentChangesQuery): Promise<{ after: string; list: ConsentChange[] }> {
    const after = decodeCursor(query.after);
    const since = new Date(this.clock.now().getTime() - WINDOW_DAYS * 24 * 3600 * 1000);
    const { rows } = await this.pool.query<{
      seq: string;
      event_id: string;
      recipient: EncryptedValue;
      recipient_type: string;
      type: string;
      status: string;
      source: string;
      consent_date: Date;
      creation_date: Date;
    }>(
      `SELECT c.seq, c.event_id, c.recipient, c.recipient_type, c.type, c.status, c.source, c.consent_date, c.creation_date
         FROM consent.changes c JOIN consent.brands b ON b.brand_code = c.brand_code
        WHERE c.brand_code = $1 AND b.iys_code = $2 AND c.origin = $3 AND c.seq > $4 AND c.creation_date >= $5
        ORDER BY c.seq LIMIT $6`,
      [query.brandCode, query.iysCode, query.source, after.toString(), since, query.limit],
    );
    if (rows.length === 0) await this.brands.requireKnown(query.iysCode, query.brandCode);
    const recipients = await this.vault.decryptMany(rows.map((row) => row.recipient));
    return {
      after: rows.length > 0 ? encodeCursor(BigInt(rows[rows.length - 1].seq)) : encodeCursor(after),
      list: rows.map((row, i) => ({
        consentDate: formatIysDateTime(row.consent_date),
        creationDate: formatIysDateTime(row.creation_date),
        source: row.source,
        recipient: recipients[i],
        recipientType: row.recipient_type,
        status: row.status,
        type: row.type,
        transactionId: row.event_id,
      })),
    };
  }
}

function encodeCursor(seq: bigint): string {
  return `c${seq}`;
}

function decodeCursor(cursor: string | undefined): bigint {
  if (cursor === undefined || cursor === '') return 0n;
  const match = CURSOR.exec(cursor);
  if (!match) throw new DomainError('H098', iysCodeEntry('H098').message, ['after']);
  return BigInt(match[1]);
}
