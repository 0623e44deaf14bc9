import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Clock } from '@iys/platform/building-blocks';
import { handleCommand, PostgresEventStore } from '@iys/platform/event-store';
import { CLOCK } from '@iys/platform/nest';
import { senderExemptionDecider } from '../../../domain/sender-exemption.decider.js';
import { senderExemptionStream } from '../../service-provider-streams.js';
import { EndSenderExemptionCommand } from './end-sender-exemption.command.js';

@CommandHandler(EndSenderExemptionCommand)
export class EndSenderExemptionHandler implements ICommandHandler<EndSenderExemptionCommand, { exemptionId: string; validTo: string }> {
  constructor(
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ exemptionId, endedBy, endedAt }: EndSenderExemptionCommand): Promise<{ exemptionId: string; validTo: string }> {
    const { state } = await handleCommand(
      this.store,
      senderExemptionDecider,
      senderExemptionStream(exemptionId),
      { type: 'EndSenderExemption', endedAt: endedAt ?? this.clock.now().toISOString(), endedBy },
      { metadata: { actorKind: 'admin', actorId: endedBy, channel: 'admin-api' } },
    );
    return { exemptionId, validTo: state.status === 'granted' ? state.validTo! : '' };
  }
}
