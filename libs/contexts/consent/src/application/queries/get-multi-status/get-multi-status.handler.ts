import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DomainError } from '@iys/platform/building-blocks';
import { REPLICA_READS, type ReplicaReads } from '@iys/platform/nest';
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
    // The vault's lookup on the same hot standby as the consent it leads to (ADR 0047).
    @Inject(REPLICA_READS) private readonly replica: ReplicaReads,
    @Inject(ConsentBrandDirectory) private readonly brands: ConsentBrandDirectory,
  ) {}

  async execute(query: GetMultiStatusQuery): Promise<{ requestId: string; list: string[] }> {
    const valid: { given: string; address: NormalisedAddress }[] = [];
    for (const given of query.recipients) {
      const address = normaliseRecipient(given);
      if (!(address instanceof DomainError)) valid.push({ given, address });
    }
    const ids = await this.vault.findMany(valid.map((v) => v.address), this.replica);
    const known = ids.filter((id): id is string => id !== undefined);
    const rows = known.length ? await this.reads.approvedAmong(query, known) : [];
    if (rows.length === 0) await this.brands.requireKnown(query.iysCode, query.brandCode);
    const approved = new Set(rows);
    return { requestId: randomUUID(), list: valid.filter((_, i) => ids[i] !== undefined && approved.has(ids[i]!)).map((v) => v.given) };
  }
}
