import { Query } from '@nestjs/cqrs';
import type { RecipientPrincipal } from '@iys/platform/building-blocks';
import type { ComplaintSummary } from '../../complaint-views.js';

export class ListMyComplaintsQuery extends Query<{ complaints: ComplaintSummary[] }> {
  constructor(readonly principal: RecipientPrincipal) {
    super();
  }
}
