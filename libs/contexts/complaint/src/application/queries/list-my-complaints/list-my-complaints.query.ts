import type { RecipientPrincipal } from '@iys/platform/building-blocks';

export class ListMyComplaintsQuery {
  constructor(readonly principal: RecipientPrincipal) {}
}
