import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { handleCommand, PostgresEventStore } from '@iys/platform/event-store';
import { senderIdentityDecider } from '../../../domain/sender-identity.decider.js';
import { senderIdentityStream, senderIdOrRefuse, senderMetadata } from '../../sender-identities.js';
import { RemoveSenderCommand } from './remove-sender.command.js';

@CommandHandler(RemoveSenderCommand)
export class RemoveSenderHandler implements ICommandHandler<RemoveSenderCommand, void> {
  constructor(@Inject(PostgresEventStore) private readonly store: PostgresEventStore) {}

  async execute({ iysCode, brandCode, channel, senderId: raw, principal }: RemoveSenderCommand): Promise<void> {
    const senderId = senderIdOrRefuse(channel, raw);
    await handleCommand(this.store, senderIdentityDecider, senderIdentityStream(channel, senderId), {
      type: 'RemoveSender', iysCode, brandCode, channel, senderId,
    }, { metadata: senderMetadata(principal) });
  }
}
