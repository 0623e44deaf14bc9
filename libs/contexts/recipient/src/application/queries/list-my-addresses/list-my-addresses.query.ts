import type { RecipientPrincipal } from '@iys/platform/building-blocks';

/** The addresses the caller has proven. */
export class ListMyAddressesQuery {
  constructor(readonly principal: RecipientPrincipal) {}
}
