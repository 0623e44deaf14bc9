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
    const valid: { given: string; address: NormalisedAddress }[] = [];
    for (const given of query.recipients) {
      const address = normaliseRecipient(given);
      if (!(address instanceof DomainError)) valid.push({ given, address });
    }
    // The addresses are resolved in the read's own statement, on the read's hot standby (ADR 0047, 0063).
    const approved = valid.length ? await this.reads.approvedAmongAddresses(query, this.vault.digestsOf(valid.map((v) => v.address))) : [];
    if (approved.length === 0) await this.brands.requireKnown(query.iysCode, query.brandCode);
    return { requestId: randomUUID(), list: approved.sort((a, b) => a - b).map((i) => valid[i].given) };
  }
}
