import { Query } from '@nestjs/cqrs';
import type { RetailerPage } from './list-retailers.handler.js';

/** İYS R2: one page of a brand's retailers. */
export class ListRetailersQuery extends Query<RetailerPage> {
  constructor(
    readonly iysCode: number,
    readonly brandCode: number,
    readonly offset: number,
    readonly limit: number,
  ) {
    super();
  }
}
