import type { RecipientPrincipal } from '@iys/platform/building-blocks';

/** Everything the registry holds about the caller's addresses (KVKK art. 11 access right), as JSON or CSV. */
export class ExportMyDataQuery {
  constructor(
    readonly principal: RecipientPrincipal,
    readonly format: 'json' | 'csv',
  ) {}
}
