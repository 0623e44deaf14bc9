import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { IdGenerator } from '@iys/platform/building-blocks';
import { handleCommand, PostgresEventStore } from '@iys/platform/event-store';
import { ID_GENERATOR } from '@iys/platform/nest';
import { senderExemptionDecider } from '../../../domain/sender-exemption.decider.js';
import { senderExemptionStream } from '../../service-provider-streams.js';
import { GrantSenderExemptionCommand } from './grant-sender-exemption.command.js';

@CommandHandler(GrantSenderExemptionCommand)
export class GrantSenderExemptionHandler implements ICommandHandler<GrantSenderExemptionCommand, string> {
  constructor(
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  async execute({ exemption }: GrantSenderExemptionCommand): Promise<string> {
    const exemptionId = this.ids.next().toLowerCase();
    await handleCommand(this.store, senderExemptionDecider, senderExemptionStream(exemptionId), { type: 'GrantSenderExemption', exemptionId, ...exemption }, {
      metadata: { actorKind: 'admin', actorId: exemption.grantedBy, channel: 'admin-api' },
    });
    return exemptionId;
  }
}
