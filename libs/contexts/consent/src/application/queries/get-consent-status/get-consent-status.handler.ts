import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DomainError, formatIysDateTime } from '@iys/platform/building-blocks';
import { iysCodeEntry } from '@iys/platform/nest';
import { PiiVault } from '@iys/platform/pii';
import { ConsentBrandDirectory } from '../../consent-brand-directory.js';
import { normaliseRecipient } from '../../consent-registrar.js';
import { GetConsentStatusQuery } from './get-consent-status.query.js';
import { CURRENT_CONSENT_READS, type CurrentConsentReads } from '../../current-consent-reads.port.js';

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

/** C2: the current state of one consent, read from the inline current-consent model. */
@QueryHandler(GetConsentStatusQuery)
export class GetConsentStatusHandler implements IQueryHandler<GetConsentStatusQuery, ConsentStatusResult> {
  constructor(
    @Inject(CURRENT_CONSENT_READS) private readonly reads: CurrentConsentReads,
    @Inject(PiiVault) private readonly vault: PiiVault,
    @Inject(ConsentBrandDirectory) private readonly brands: ConsentBrandDirectory,
  ) {}

  async execute(query: GetConsentStatusQuery): Promise<ConsentStatusResult> {
    const address = normaliseRecipient(query.recipient);
    if (address instanceof DomainError) throw address;
    // The address is resolved in the read's own statement, on the read's hot standby (ADR 0047, 0063).
    const [digest] = this.vault.digestsOf([address]);
    const row = await this.reads.statusOfAddress(query, digest, query.retailerCode ?? null);
    if (!row) {
      await this.brands.requireKnown(query.iysCode, query.brandCode);
      throw new DomainError('H641', iysCodeEntry('H641').message);
    }
    return consentStatusOf(row, address.value);
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
