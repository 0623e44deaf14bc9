import type { RecipientPrincipal } from '@iys/platform/building-blocks';

export class WithdrawComplaintCommand {
  constructor(
    readonly principal: RecipientPrincipal,
    readonly complaintId: string,
  ) {}
}
