import type { RecipientPrincipal } from '@iys/platform/building-blocks';
import type { ConsentTypeValue } from '../../../domain/consent-reference.js';

export interface ConsentFilter {
  status?: 'ONAY' | 'RET';
  type?: ConsentTypeValue;
  brandCode?: number;
}

/** Every consent of the caller's addresses, across all providers and brands, optionally filtered. */
export class ListMyConsentsQuery {
  constructor(
    readonly principal: RecipientPrincipal,
    readonly filter: ConsentFilter,
  ) {}
}
