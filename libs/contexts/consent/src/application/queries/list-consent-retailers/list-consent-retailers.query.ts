import { Query } from '@nestjs/cqrs';
import type { ConsentRetailerPage } from './list-consent-retailers.handler.js';
import type { ConsentType, RecipientType } from '../../../domain/consent.events.js';

/** İYS RA3: the retailers with access to one consent, a page at a time. */
export class ListConsentRetailersQuery extends Query<ConsentRetailerPage> {
  constructor(
    readonly iysCode: number,
    readonly brandCode: number,
    readonly recipient: string,
    readonly recipientType: RecipientType,
    readonly type: ConsentType,
    readonly offset: number,
    readonly limit: number,
  ) {
    super();
  }
}
