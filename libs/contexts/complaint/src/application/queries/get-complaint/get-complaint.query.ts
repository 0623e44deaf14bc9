import { Query } from '@nestjs/cqrs';
import type { Principal, RecipientPrincipal } from '@iys/platform/building-blocks';
import type { ComplaintDetail } from '../../complaint-views.js';

/** One complaint for the authority (in scope), its provider or its complainant. */
export class GetComplaintQuery extends Query<ComplaintDetail> {
  constructor(
    readonly complaintId: string,
    readonly audience: { kind: 'authority'; principal: Principal } | { kind: 'provider'; iysCode: number } | { kind: 'recipient'; principal: RecipientPrincipal },
  ) {
    super();
  }
}
