import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type pg from 'pg';
import { PG_POOL } from '@iys/platform/nest';
import { PiiVault } from '@iys/platform/pii';
import { readRetailers, type RetailerView } from '../retailer-view.js';
import { ListRetailersQuery } from './list-retailers.query.js';

export interface RetailerPage {
  pagination: { offset: number; pageSize: number; totalCount: number };
  list: RetailerView[];
}

@QueryHandler(ListRetailersQuery)
export class ListRetailersHandler implements IQueryHandler<ListRetailersQuery, RetailerPage> {
  constructor(
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(PiiVault) private readonly vault: PiiVault,
  ) {}

  async execute({ iysCode, brandCode, offset, limit }: ListRetailersQuery): Promise<RetailerPage> {
    const { totalCount, list } = await readRetailers(this.pool, this.vault, { iysCode, brandCode }, { offset, limit });
    return { pagination: { offset, pageSize: limit, totalCount }, list };
  }
}
