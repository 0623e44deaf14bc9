import { Query } from '@nestjs/cqrs';
import type { ConsentStatusResult } from './get-consent-status.handler.js';
import type { ConsentType, RecipientType } from '../../../domain/consent.events.js';

export class GetConsentStatusQuery extends Query<ConsentStatusResult> {
  constructor(
    readonly iysCode: number,
    readonly brandCode: number,
    readonly recipient: string,
    readonly recipientType: RecipientType,
    readonly type: ConsentType,
    /** Asked by a retailer: only a consent this retailer has access to is found. */
    readonly retailerCode?: number,
  ) {
    super();
  }
}
