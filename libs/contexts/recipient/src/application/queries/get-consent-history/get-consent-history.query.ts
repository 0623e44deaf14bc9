import type { RecipientPrincipal } from '@iys/platform/building-blocks';
import type { ConsentReference } from '../../../domain/consent-reference.js';

/** One of the caller's consents, event by event. */
export class GetConsentHistoryQuery {
  constructor(
    readonly principal: RecipientPrincipal,
    readonly consent: ConsentReference,
  ) {}
}
