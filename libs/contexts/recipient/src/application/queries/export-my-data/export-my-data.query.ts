import { Query } from '@nestjs/cqrs';
import type { DataExport } from './export-my-data.handler.js';
import type { RecipientPrincipal } from '@iys/platform/building-blocks';

/** Everything the registry holds about the caller's addresses (KVKK art. 11 access right), as JSON or CSV. */
export class ExportMyDataQuery extends Query<DataExport> {
  constructor(
    readonly principal: RecipientPrincipal,
    readonly format: 'json' | 'csv',
  ) {
    super();
  }
}
