import { Query } from '@nestjs/cqrs';
import type { ConsentHistory } from './get-consent-history.handler.js';
import type { RecipientPrincipal } from '@iys/platform/building-blocks';
import type { ConsentReference } from '../../../domain/consent-reference.js';

/** One of the caller's consents, event by event. */
export class GetConsentHistoryQuery extends Query<ConsentHistory> {
  constructor(
    readonly principal: RecipientPrincipal,
    readonly consent: ConsentReference,
  ) {
    super();
  }
}
