import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { RecipientConsentService, type DecisionResult } from '../../recipient-consents.js';
import { DecideConsentCommand } from './decide-consent.command.js';

@CommandHandler(DecideConsentCommand)
export class DecideConsentHandler implements ICommandHandler<DecideConsentCommand, DecisionResult> {
  constructor(@Inject(RecipientConsentService) private readonly consents: RecipientConsentService) {}

  async execute({ principal, consent, status, source }: DecideConsentCommand): Promise<DecisionResult> {
    const mine = await this.consents.recipientIdsOf(principal.accountId);
    return this.consents.decideOne(mine, consent, status, this.consents.channelOf(principal, source));
  }
}
