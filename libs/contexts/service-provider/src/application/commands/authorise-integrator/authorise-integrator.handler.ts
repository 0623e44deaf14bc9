import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { handleCommand, PostgresEventStore } from '@iys/platform/event-store';
import { serviceProviderDecider } from '../../../domain/service-provider.decider.js';
import { serviceProviderError } from '../../../domain/service-provider.errors.js';
import { PROVIDER_DIRECTORY, type ProviderDirectory } from '../../provider-directory.port.js';
import { providerStreamOf } from '../../provider-stream.lookup.js';
import { AuthoriseIntegratorCommand } from './authorise-integrator.command.js';

/** A provider lets an integrator act for it on some brands and consent types, with or without reconciliation. */
@CommandHandler(AuthoriseIntegratorCommand)
export class AuthoriseIntegratorHandler implements ICommandHandler<AuthoriseIntegratorCommand, void> {
  constructor(
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(PROVIDER_DIRECTORY) private readonly directory: ProviderDirectory,
  ) {}

  async execute(command: AuthoriseIntegratorCommand): Promise<void> {
    if (!(await this.directory.integratorExists(command.integratorCode))) throw serviceProviderError('H630', ['integratorCode']);
    await handleCommand(
      this.store,
      serviceProviderDecider,
      await providerStreamOf(this.directory, command.iysCode),
      {
        type: 'AuthoriseIntegrator',
        integratorCode: command.integratorCode,
        brandCodes: command.brandCodes,
        types: command.types,
        agreementControl: command.agreementControl,
      },
      { metadata: { actorKind: 'service-provider', actorId: command.actorId, channel: 'api' } },
    );
  }
}
