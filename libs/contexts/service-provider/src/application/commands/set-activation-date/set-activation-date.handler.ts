import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { handleCommand, PostgresEventStore } from '@iys/platform/event-store';
import { serviceProviderDecider } from '../../../domain/service-provider.decider.js';
import { PROVIDER_DIRECTORY, type ProviderDirectory } from '../../provider-directory.port.js';
import { providerStreamOf } from '../../provider-stream.lookup.js';
import { SetActivationDateCommand } from './set-activation-date.command.js';

/** After the activation date, consents may be back-dated only 3 business days (iys-api.md Part A 3). */
@CommandHandler(SetActivationDateCommand)
export class SetActivationDateHandler implements ICommandHandler<SetActivationDateCommand, void> {
  constructor(
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(PROVIDER_DIRECTORY) private readonly directory: ProviderDirectory,
  ) {}

  async execute({ iysCode, activationDate, setBy }: SetActivationDateCommand): Promise<void> {
    await handleCommand(
      this.store,
      serviceProviderDecider,
      await providerStreamOf(this.directory, iysCode),
      { type: 'SetActivationDate', activationDate: new Date(activationDate).toISOString(), setBy },
      { metadata: { actorKind: 'admin', actorId: setBy, channel: 'admin-api' } },
    );
  }
}
