import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { SqlExecutor } from '@iys/platform/database';
import { DomainError, formatIysDateTime } from '@iys/platform/building-blocks';
import { iysCodeEntry, REPLICA_READS } from '@iys/platform/nest';
import { PiiVault } from '@iys/platform/pii';
import { ConsentBrandDirectory } from '../../consent-brand-directory.js';
import { normaliseRecipient } from '../../consent-registrar.js';
import { GetConsentStatusQuery } from './get-consent-status.query.js';

/** İYS C2 response. */
export interface ConsentStatusResult {
  type: string;
  source: string;
  recipient: string;
  recipientType: string;
  status: string;
  consentDate: string;
  creationDate: string;
  retailerCode: number | null;
  retailerAccess: number[];
  transactionId: string;
}

/** C2: the current state of one consent, read from the inline current-consent model (on a replica, ADR 0047). */
@QueryHandler(GetConsentStatusQuery)
export class GetConsentStatusHandler implements IQueryHandler<GetConsentStatusQuery, ConsentStatusResult> {
  constructor(
    @Inject(REPLICA_READS) private readonly pool: SqlExecutor,
    @Inject(PiiVault) private readonly vault: PiiVault,
    @Inject(ConsentBrandDirectory) private readonly brands: ConsentBrandDirectory,
  ) {}

  async execute(query: GetConsentStatusQuery): Promise<ConsentStatusResult> {
    const address = normaliseRecipient(query.recipient);
    if (address instanceof DomainError) throw address;
    const [recipientId] = await this.vault.findMany([address], this.pool);
    const { rows } = recipientId
      ? await this.pool.query<ConsentStatusRow>(
          `SELECT ${CONSENT_STATUS_COLUMNS}
             FROM consent.current_consent
            WHERE brand_code = $1 AND iys_code = $2 AND type = $3 AND recipient_type = $4 AND recipient_id = $5
              AND ($6::int IS NULL OR retailer_access @> ARRAY[$6::int])`,
          [query.brandCode, query.iysCode, query.type, query.recipientType, recipientId, query.retailerCode ?? null],
        )
      : { rows: [] };
    if (rows.length === 0) {
      await this.brands.requireKnown(query.iysCode, query.brandCode);
      throw new DomainError('H641', iysCodeEntry('H641').message);
    }
    return consentStatusOf(rows[0], address.value);
  }
}

/** The columns of consent.current_consent that make a C2 answer. */
export const CONSENT_STATUS_COLUMNS = 'type, recipient_type, status, consent_date, source, retailer_code, retailer_access, creation_date, transaction_id';

export interface ConsentStatusRow {
  type: string;
  recipient_type: string;
  status: string;
  consent_date: Date;
  source: string;
  retailer_code: number | null;
  retailer_access: number[];
  creation_date: Date;
  transaction_id: string;
}

export function consentStatusOf(row: ConsentStatusRow, recipient: string): ConsentStatusResult {
  return {
    type: row.type,
    source: row.source,
    recipient,
    recipientType: row.recipient_type,
    status: row.status,
    consentDate: formatIysDateTime(row.consent_date),
    creationDate: formatIysDateTime(row.creation_date),
    retailerCode: row.retailer_code,
    retailerAccess: row.retailer_access,
    transactionId: row.transaction_id,
  };
}
