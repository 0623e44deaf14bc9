import { Query } from '@nestjs/cqrs';
import type { MyAddress } from './list-my-addresses.handler.js';
import type { RecipientPrincipal } from '@iys/platform/building-blocks';

/** The addresses the caller has proven. */
export class ListMyAddressesQuery extends Query<{ addresses: MyAddress[] }> {
  constructor(readonly principal: RecipientPrincipal) {
    super();
  }
}
