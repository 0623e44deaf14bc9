import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DealerContracts } from '@iys/contracts';
import { DomainError } from '@iys/platform/building-blocks';
import { consentError } from '../../../domain/consent.errors.js';
import { ConsentBrandDirectory } from '../../consent-brand-directory.js';
import { RetailerAccessKeeper } from '../../retailer-access.js';
import { ListConsentRetailersQuery } from './list-consent-retailers.query.js';
import { CURRENT_CONSENT_READS, type CurrentConsentReads } from '../../current-consent-reads.port.js';

export interface ConsentRetailerPage {
  pagination: { offset: number; pageSize: number; totalCount: number };
  list: DealerContracts.RetailerDescription[];
}

/** RA3: the consent's access list (in the order granted), each retailer described by the dealer context's published port. */
@QueryHandler(ListConsentRetailersQuery)
export class ListConsentRetailersHandler implements IQueryHandler<ListConsentRetailersQuery, ConsentRetailerPage> {
  constructor(
    @Inject(CURRENT_CONSENT_READS) private readonly reads: CurrentConsentReads,
    @Inject(RetailerAccessKeeper) private readonly access: RetailerAccessKeeper,
    @Inject(ConsentBrandDirectory) private readonly brands: ConsentBrandDirectory,
    @Inject(DealerContracts.RETAILER_DIRECTORY) private readonly retailers: DealerContracts.RetailerDirectoryPort,
  ) {}

  async execute(query: ListConsentRetailersQuery): Promise<ConsentRetailerPage> {
    await this.brands.activationDateOf(query.iysCode, query.brandCode);
    const [recipientId] = await this.access.resolve([query.recipient], query.type);
    if (recipientId instanceof DomainError) throw new DomainError(recipientId.code, recipientId.message, ['recipient']);
    const codes = await this.reads.retailerAccessOf(query, recipientId);
    if (!codes) throw consentError('H401', ['recipient']);
    const list = await this.retailers.describe(query.iysCode, query.brandCode, codes.slice(query.offset, query.offset + query.limit));
    return { pagination: { offset: query.offset, pageSize: query.limit, totalCount: codes.length }, list };
  }
}
