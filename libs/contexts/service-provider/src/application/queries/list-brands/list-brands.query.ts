import { Query } from '@nestjs/cqrs';
import type { BrandListItem } from './list-brands.handler.js';

export class ListBrandsQuery extends Query<BrandListItem[]> {
  constructor(readonly iysCode: number) {
    super();
  }
}
