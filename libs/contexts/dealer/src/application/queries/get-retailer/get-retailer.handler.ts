import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type pg from 'pg';
import { PG_POOL } from '@iys/platform/nest';
import { PiiVault } from '@iys/platform/pii';
import { dealerError } from '../../../domain/retailer.errors.js';
import { readRetailers, type RetailerView } from '../retailer-view.js';
import { GetRetailerQuery } from './get-retailer.query.js';

@QueryHandler(GetRetailerQuery)
export class GetRetailerHandler implements IQueryHandler<GetRetailerQuery, RetailerView> {
  constructor(
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(PiiVault) private readonly vault: PiiVault,
  ) {}

  async execute({ iysCode, brandCode, retailerCode }: GetRetailerQuery): Promise<RetailerView> {
    const { list } = await readRetailers(this.pool, this.vault, { iysCode, brandCode }, { offset: 0, limit: 1, retailerCodes: [retailerCode] });
    if (list.length === 0) throw dealerError('H711', ['retailerCode']);
    return list[0];
  }
}
