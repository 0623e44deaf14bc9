import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type pg from 'pg';
import { PG_POOL } from '@iys/platform/nest';
import { PiiVault, type EncryptedValue } from '@iys/platform/pii';
import { CONSENT_STATUS_COLUMNS, consentStatusOf, type ConsentStatusResult, type ConsentStatusRow } from '../get-consent-status/get-consent-status.handler.js';
import { ListRetailerConsentsQuery } from './retailer-consents.query.js';

export interface RetailerConsentPage {
  pagination: { offset: number; pageSize: number; totalCount: number };
  list: ConsentStatusResult[];
}

/**
 * The consents a retailer may use, read through the access-list index. A consent that turned RET
 * stays in the list and shows RET (docs/adr/0031): the retailer must see it to honour it.
 */
@QueryHandler(ListRetailerConsentsQuery)
export class ListRetailerConsentsHandler implements IQueryHandler<ListRetailerConsentsQuery, RetailerConsentPage> {
  constructor(
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(PiiVault) private readonly vault: PiiVault,
  ) {}

  async execute({ iysCode, brandCode, retailerCode, offset, limit }: ListRetailerConsentsQuery): Promise<RetailerConsentPage> {
    const { rows } = await this.pool.query<ConsentStatusRow & { recipient: EncryptedValue; total: number }>(
      `SELECT ${CONSENT_STATUS_COLUMNS}, recipient, count(*) OVER ()::int AS total
         FROM consent.current_consent
        WHERE retailer_access @> ARRAY[$3::int] AND brand_code = $1 AND iys_code = $2
        ORDER BY creation_date, recipient_id, type, recipient_type OFFSET $4 LIMIT $5`,
      [brandCode, iysCode, retailerCode, offset, limit],
    );
    const recipients = await this.vault.decryptMany(rows.map((row) => row.recipient));
    const totalCount = rows[0]?.total ?? 0;
    return { pagination: { offset, pageSize: limit, totalCount }, list: rows.map((row, i) => consentStatusOf(row, recipients[i])) };
  }
}
