import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { PiiVault } from '@iys/platform/pii';
import { consentStatusOf, type ConsentStatusResult } from '../get-consent-status/get-consent-status.handler.js';
import { ListRetailerConsentsQuery } from './retailer-consents.query.js';
import { CURRENT_CONSENT_READS, type CurrentConsentReads } from '../../current-consent-reads.port.js';

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
    @Inject(CURRENT_CONSENT_READS) private readonly reads: CurrentConsentReads,
    @Inject(PiiVault) private readonly vault: PiiVault,
  ) {}

  async execute({ iysCode, brandCode, retailerCode, offset, limit }: ListRetailerConsentsQuery): Promise<RetailerConsentPage> {
    const rows = await this.reads.retailerConsents({ iysCode, brandCode, retailerCode }, { offset, limit });
    const recipients = await this.vault.decryptMany(rows.map((row) => row.recipient));
    const totalCount = rows[0]?.total ?? 0;
    return { pagination: { offset, pageSize: limit, totalCount }, list: rows.map((row, i) => consentStatusOf(row, recipients[i])) };
  }
}
