import { Query } from '@nestjs/cqrs';
import type { RetailerView } from '../retailer-view.js';

/** İYS R3: one retailer of a brand. */
export class GetRetailerQuery extends Query<RetailerView> {
  constructor(
    readonly iysCode: number,
    readonly brandCode: number,
    readonly retailerCode: number,
  ) {
    super();
  }
}
