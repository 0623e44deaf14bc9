import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { handleCommand, PostgresEventStore } from '@iys/platform/event-store';
import { serviceProviderDecider } from '../../../domain/service-provider.decider.js';
import { PROVIDER_DIRECTORY, type ProviderDirectory } from '../../provider-directory.port.js';
import { providerStreamOf } from '../../provider-stream.lookup.js';
import { DeactivateBrandCommand } from './deactivate-brand.command.js';

/** A brand stops being used; its consents stay in the registry as history. The master brand cannot go. */
@CommandHandler(DeactivateBrandCommand)
export class DeactivateBrandHandler implements ICommandHandler<DeactivateBrandCommand, void> {
  constructor(
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(PROVIDER_DIRECTORY) private readonly directory: ProviderDirectory,
  ) {}

  async execute({ iysCode, brandCode, deactivatedBy }: DeactivateBrandCommand): Promise<void> {
    await handleCommand(this.store, serviceProviderDecider, await providerStreamOf(this.directory, iysCode), { type: 'DeactivateBrand', brandCode }, {
      metadata: { actorKind: 'admin', actorId: deactivatedBy, channel: 'admin-api' },
    });
  }
}
