import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { RecipientConsentService, type DecisionResult } from '../../recipient-consents.js';
import { RejectConsentsCommand } from './reject-consents.command.js';

@CommandHandler(RejectConsentsCommand)
export class RejectConsentsHandler implements ICommandHandler<RejectConsentsCommand, { rejected: DecisionResult[]; matched: number }> {
  constructor(@Inject(RecipientConsentService) private readonly consents: RecipientConsentService) {}

  async execute({ principal, scope, source }: RejectConsentsCommand) {
    const mine = await this.consents.recipientIdsOf(principal.accountId);
    const inScope = scope.kind === 'brand' ? (c: { brandCode: number }) => c.brandCode === scope.brandCode : (c: { type: string }) => c.type === scope.type;
    return this.consents.rejectAll(mine, inScope, this.consents.channelOf(principal, source));
  }
}
