import { Query } from '@nestjs/cqrs';
import type { MyConsent } from './list-my-consents.handler.js';
import type { RecipientPrincipal } from '@iys/platform/building-blocks';
import type { ConsentTypeValue } from '../../../domain/consent-reference.js';

export interface ConsentFilter {
  status?: 'ONAY' | 'RET';
  type?: ConsentTypeValue;
  brandCode?: number;
}

/** Every consent of the caller's addresses, across all providers and brands, optionally filtered. */
export class ListMyConsentsQuery extends Query<{ consents: MyConsent[] }> {
  constructor(
    readonly principal: RecipientPrincipal,
    readonly filter: ConsentFilter,
  ) {
    super();
  }
}
