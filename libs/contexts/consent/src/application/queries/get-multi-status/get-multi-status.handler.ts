import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DomainError } from '@iys/platform/building-blocks';
import { PiiVault, type NormalisedAddress } from '@iys/platform/pii';
import { ConsentBrandDirectory } from '../../consent-brand-directory.js';
import { normaliseRecipient } from '../../consent-registrar.js';
import { GetMultiStatusQuery } from './get-multi-status.query.js';
import { CURRENT_CONSENT_READS, type CurrentConsentReads } from '../../current-consent-reads.port.js';

/**
 * C5: which of up to 1000 recipients hold an ONAY for this brand, type and recipient type. Answers
 * with the recipients as they were sent; unknown or malformed ones are simply not in the list.
 */
@QueryHandler(GetMultiStatusQuery)
export class GetMultiStatusHandler implements IQueryHandler<GetMultiStatusQuery, { requestId: string; list: string[] }> {
  constructor(
    @Inject(CURRENT_CONSENT_READS) private readonly reads: CurrentConsentReads,
    @Inject(PiiVault) private readonly vault: PiiVault,
    @Inject(ConsentBrandDirectory) private readonly brands: ConsentBrandDirectory,
  ) {}

  async execute(query: GetMultiStatusQuery): Promise<{ requestId: string; list: string[] }> {
    const { recipients } = query;
    const addresses: (NormalisedAddress | null)[] = new Array(recipients.length);
    let valid = 0;
    for (let i = 0; i < recipients.length; i++) {
      const address = normaliseRecipient(recipients[i]!);
      addresses[i] = address instanceof DomainError ? null : address;
      if (addresses[i] !== null) valid++;
    }
    // The addresses are resolved in the read's own statement, on the read's hot standby (ADR 0047, 0063);
    // their pseudonyms travel as one packed bytea, zeros (found by nothing) for the malformed ones.
    const approved = valid > 0 ? await this.reads.approvedAmongAddresses(query, this.vault.packedDigestsOf(addresses)) : [];
    if (approved.length === 0) await this.brands.requireKnown(query.iysCode, query.brandCode);
    return { requestId: randomUUID(), list: approved.sort((a, b) => a - b).map((i) => recipients[i]!) };
  }
}
