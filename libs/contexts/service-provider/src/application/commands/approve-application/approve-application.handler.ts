import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { foldEvents, type Clock } from '@iys/platform/building-blocks';
import { handleCommand, PostgresEventStore, toDomainEvent } from '@iys/platform/event-store';
import { CLOCK } from '@iys/platform/nest';
import { serviceProviderDecider } from '../../../domain/service-provider.decider.js';
import { serviceProviderError } from '../../../domain/service-provider.errors.js';
import type { ServiceProviderEvent } from '../../../domain/service-provider.events.js';
import { REGISTRY_CODES, type RegistryCodes } from '../../registry-codes.port.js';
import { serviceProviderStream } from '../../service-provider-streams.js';
import { ApproveApplicationCommand } from './approve-application.command.js';

export interface Approval {
  iysCode: number;
  brands: { brandCode: number; name: string; master: boolean }[];
  activationDate: string;
}

/** The registry accepts an application: it issues the provider's iysCode and a brandCode per brand. */
@CommandHandler(ApproveApplicationCommand)
export class ApproveApplicationHandler implements ICommandHandler<ApproveApplicationCommand, Approval> {
  constructor(
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(REGISTRY_CODES) private readonly codes: RegistryCodes,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ applicationId, approvedBy, activationDate }: ApproveApplicationCommand): Promise<Approval> {
    const stream = serviceProviderStream(applicationId);
    const current = foldEvents(serviceProviderDecider, (await this.store.readStream(stream)).map((e) => toDomainEvent<ServiceProviderEvent>(e)));
    if (current.status !== 'pending') throw serviceProviderError(current.status === 'none' ? 'H616' : 'H615');
    const activation = activationDate ? new Date(activationDate) : this.clock.now();
    if (Number.isNaN(activation.getTime())) throw serviceProviderError('H620', ['activationDate']);

    const { state } = await handleCommand(
      this.store,
      serviceProviderDecider,
      stream,
      {
        type: 'ApproveApplication',
        iysCode: await this.codes.nextIysCode(),
        brandCodes: await this.codes.nextBrandCodes(current.brandNames.length - 1),
        activationDate: activation.toISOString(),
        approvedBy,
      },
      { commandId: `approve-application:${applicationId}`, metadata: { actorKind: 'admin', actorId: approvedBy, channel: 'admin-api' } },
    );
    if (state.status !== 'approved') throw serviceProviderError('H615');
    return { iysCode: state.iysCode, brands: state.brands.map(({ brandCode, name, master }) => ({ brandCode, name, master })), activationDate: state.activationDate };
  }
}
