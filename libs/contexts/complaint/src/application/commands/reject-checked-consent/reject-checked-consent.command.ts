import { Command } from '@nestjs/cqrs';
import type { RecipientPrincipal } from '@iys/platform/building-blocks';

/** The check step's one-click rejection of a consent it showed. */
export class RejectCheckedConsentCommand extends Command<{ consentId: string; status: 'RET'; transactionId: string; creationDate: string }> {
  constructor(
    readonly principal: RecipientPrincipal,
    readonly checkId: string,
    readonly consentId: string,
  ) {
    super();
  }
}
