import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { handleCommand, PostgresEventStore } from '@iys/platform/event-store';
import { serviceProviderDecider } from '../../../domain/service-provider.decider.js';
import { PROVIDER_DIRECTORY, type ProviderDirectory } from '../../provider-directory.port.js';
import { providerStreamOf } from '../../provider-stream.lookup.js';
import { RevokeIntegratorCommand } from './revoke-integrator.command.js';

@CommandHandler(RevokeIntegratorCommand)
export class RevokeIntegratorHandler implements ICommandHandler<RevokeIntegratorCommand, void> {
  constructor(
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(PROVIDER_DIRECTORY) private readonly directory: ProviderDirectory,
  ) {}

  async execute(command: RevokeIntegratorCommand): Promise<void> {
    await handleCommand(
      this.store,
      serviceProviderDecider,
      await providerStreamOf(this.directory, command.iysCode),
      { type: 'RevokeIntegrator', integratorCode: command.integratorCode },
      { metadata: { actorKind: 'service-provider', actorId: command.actorId, channel: 'api' } },
    );
  }
}
