import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { dealerError } from '../../../domain/retailer.errors.js';
import { RetailerViews, type RetailerView } from '../retailer-view.js';
import { GetRetailerQuery } from './get-retailer.query.js';

@QueryHandler(GetRetailerQuery)
export class GetRetailerHandler implements IQueryHandler<GetRetailerQuery, RetailerView> {
  constructor(@Inject(RetailerViews) private readonly retailers: RetailerViews) {}

  async execute({ iysCode, brandCode, retailerCode }: GetRetailerQuery): Promise<RetailerView> {
    const { list } = await this.retailers.read({ iysCode, brandCode }, { offset: 0, limit: 1, retailerCodes: [retailerCode] });
    if (list.length === 0) throw dealerError('H711', ['retailerCode']);
    return list[0];
  }
}
