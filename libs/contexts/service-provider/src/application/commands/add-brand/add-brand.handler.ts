import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { handleCommand, PostgresEventStore } from '@iys/platform/event-store';
import { serviceProviderDecider } from '../../../domain/service-provider.decider.js';
import { REGISTRY_CODES, type RegistryCodes } from '../../registry-codes.port.js';
import { PROVIDER_DIRECTORY, type ProviderDirectory } from '../../provider-directory.port.js';
import { providerStreamOf } from '../../provider-stream.lookup.js';
import { AddBrandCommand } from './add-brand.command.js';

/** The registry adds a brand to an approved provider (after checking its trademark registration). */
@CommandHandler(AddBrandCommand)
export class AddBrandHandler implements ICommandHandler<AddBrandCommand, { brandCode: number }> {
  constructor(
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(PROVIDER_DIRECTORY) private readonly directory: ProviderDirectory,
    @Inject(REGISTRY_CODES) private readonly codes: RegistryCodes,
  ) {}

  async execute({ iysCode, name, addedBy }: AddBrandCommand): Promise<{ brandCode: number }> {
    const stream = await providerStreamOf(this.directory, iysCode);
    const [brandCode] = await this.codes.nextBrandCodes(1);
    await handleCommand(this.store, serviceProviderDecider, stream, { type: 'AddBrand', brandCode, name }, {
      metadata: { actorKind: 'admin', actorId: addedBy, channel: 'admin-api' },
    });
    return { brandCode };
  }
}
