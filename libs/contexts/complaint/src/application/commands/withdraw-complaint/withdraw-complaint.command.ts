import { Command } from '@nestjs/cqrs';
import type { RecipientPrincipal } from '@iys/platform/building-blocks';

export class WithdrawComplaintCommand extends Command<{ complaintId: string; status: string }> {
  constructor(
    readonly principal: RecipientPrincipal,
    readonly complaintId: string,
  ) {
    super();
  }
}
