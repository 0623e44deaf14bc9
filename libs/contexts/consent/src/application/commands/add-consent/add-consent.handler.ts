import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { formatIysDateTime } from '@iys/platform/building-blocks';
import { providerContext } from '../../consent-actor.js';
import { ConsentRegistrar } from '../../consent-registrar.js';
import { AddConsentCommand } from './add-consent.command.js';

/** İYS C1 response. */
export interface AddConsentResult {
  transactionId: string;
  creationDate: string;
}

/** C1: one consent, decided and written at once; its rule violation is the answer. */
@CommandHandler(AddConsentCommand)
export class AddConsentHandler implements ICommandHandler<AddConsentCommand, AddConsentResult> {
  constructor(@Inject(ConsentRegistrar) private readonly registrar: ConsentRegistrar) {}

  async execute({ iysCode, brandCode, consent, principal }: AddConsentCommand): Promise<AddConsentResult> {
    const [outcome] = await this.registrar.register([consent], providerContext(principal, iysCode, brandCode));
    if (!outcome.ok) throw outcome.error;
    return { transactionId: outcome.transactionId, creationDate: formatIysDateTime(outcome.creationDate) };
  }
}
