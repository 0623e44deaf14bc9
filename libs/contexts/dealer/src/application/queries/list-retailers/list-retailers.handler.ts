import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { RetailerViews, type RetailerView } from '../retailer-view.js';
import { ListRetailersQuery } from './list-retailers.query.js';

export interface RetailerPage {
  pagination: { offset: number; pageSize: number; totalCount: number };
  list: RetailerView[];
}

@QueryHandler(ListRetailersQuery)
export class ListRetailersHandler implements IQueryHandler<ListRetailersQuery, RetailerPage> {
  constructor(@Inject(RetailerViews) private readonly retailers: RetailerViews) {}

  async execute({ iysCode, brandCode, offset, limit }: ListRetailersQuery): Promise<RetailerPage> {
    const { totalCount, list } = await this.retailers.read({ iysCode, brandCode }, { offset, limit });
    return { pagination: { offset, pageSize: limit, totalCount }, list };
  }
}
