import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type pg from 'pg';
import { DealerContracts } from '@iys/contracts';
import { DomainError } from '@iys/platform/building-blocks';
import { PG_POOL } from '@iys/platform/nest';
import { consentError } from '../../../domain/consent.errors.js';
import { ConsentBrandDirectory } from '../../consent-brand-directory.js';
import { RetailerAccessKeeper } from '../../retailer-access.js';
import { ListConsentRetailersQuery } from './list-consent-retailers.query.js';

export interface ConsentRetailerPage {
  pagination: { offset: number; pageSize: number; totalCount: number };
  list: DealerContracts.RetailerDescription[];
}

/** RA3: the consent's access list (in the order granted), each retailer described by the dealer context's published port. */
@QueryHandler(ListConsentRetailersQuery)
export class ListConsentRetailersHandler implements IQueryHandler<ListConsentRetailersQuery, ConsentRetailerPage> {
  constructor(
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(RetailerAccessKeeper) private readonly access: RetailerAccessKeeper,
    @Inject(ConsentBrandDirectory) private readonly brands: ConsentBrandDirectory,
    @Inject(DealerContracts.RETAILER_DIRECTORY) private readonly retailers: DealerContracts.RetailerDirectoryPort,
  ) {}

  async execute(query: ListConsentRetailersQuery): Promise<ConsentRetailerPage> {
    await this.brands.activationDateOf(query.iysCode, query.brandCode);
    const [recipientId] = await this.access.resolve([query.recipient], query.type);
    if (recipientId instanceof DomainError) throw new DomainError(recipientId.code, recipientId.message, ['recipient']);
    const { rows } = await this.pool.query<{ retailer_access: number[] }>(
      `SELECT retailer_access FROM consent.current_consent
        WHERE brand_code = $1 AND iys_code = $2 AND type = $3 AND recipient_type = $4 AND recipient_id = $5`,
      [query.brandCode, query.iysCode, query.type, query.recipientType, recipientId],
    );
    if (rows.length === 0) throw consentError('H401', ['recipient']);
    const codes = rows[0].retailer_access;
    const list = await this.retailers.describe(query.iysCode, query.brandCode, codes.slice(query.offset, query.offset + query.limit));
    return { pagination: { offset: query.offset, pageSize: query.limit, totalCount: codes.length }, list };
  }
}
