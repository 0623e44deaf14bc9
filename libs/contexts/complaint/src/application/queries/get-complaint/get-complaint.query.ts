import type { Principal, RecipientPrincipal } from '@iys/platform/building-blocks';

/** One complaint for the authority (in scope), its provider or its complainant. */
export class GetComplaintQuery {
  constructor(
    readonly complaintId: string,
    readonly audience: { kind: 'authority'; principal: Principal } | { kind: 'provider'; iysCode: number } | { kind: 'recipient'; principal: RecipientPrincipal },
  ) {}
}
