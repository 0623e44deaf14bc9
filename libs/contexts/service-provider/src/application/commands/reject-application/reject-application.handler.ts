import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { handleCommand, PostgresEventStore } from '@iys/platform/event-store';
import { serviceProviderDecider } from '../../../domain/service-provider.decider.js';
import { serviceProviderStream } from '../../service-provider-streams.js';
import { RejectApplicationCommand } from './reject-application.command.js';

@CommandHandler(RejectApplicationCommand)
export class RejectApplicationHandler implements ICommandHandler<RejectApplicationCommand, void> {
  constructor(@Inject(PostgresEventStore) private readonly store: PostgresEventStore) {}

  async execute({ applicationId, reason, rejectedBy }: RejectApplicationCommand): Promise<void> {
    await handleCommand(
      this.store,
      serviceProviderDecider,
      serviceProviderStream(applicationId),
      { type: 'RejectApplication', reason, rejectedBy },
      { commandId: `reject-application:${applicationId}`, metadata: { actorKind: 'admin', actorId: rejectedBy, channel: 'admin-api' } },
    );
  }
}
