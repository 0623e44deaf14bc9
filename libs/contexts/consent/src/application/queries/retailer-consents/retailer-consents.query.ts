import { Query } from '@nestjs/cqrs';
import type { RetailerConsentPage } from './retailer-consents.handler.js';

/** The retailer's own view: a page of the consents it has access to (C2 shape each). */
export class ListRetailerConsentsQuery extends Query<RetailerConsentPage> {
  constructor(
    readonly iysCode: number,
    readonly brandCode: number,
    readonly retailerCode: number,
    readonly offset: number,
    readonly limit: number,
  ) {
    super();
  }
}
