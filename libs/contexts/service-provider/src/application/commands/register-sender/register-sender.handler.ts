import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { handleCommand, PostgresEventStore } from '@iys/platform/event-store';
import { senderIdentityDecider } from '../../../domain/sender-identity.decider.js';
import { SENDER_DIRECTORY, senderIdentityStream, senderIdOrRefuse, senderMetadata, type RegisteredSender, type SenderDirectory } from '../../sender-identities.js';
import { RegisterSenderCommand } from './register-sender.command.js';

/** Registers a sender identity for a brand; registering it again for the same brand changes nothing. */
@CommandHandler(RegisterSenderCommand)
export class RegisterSenderHandler implements ICommandHandler<RegisterSenderCommand, RegisteredSender> {
  constructor(
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(SENDER_DIRECTORY) private readonly directory: SenderDirectory,
  ) {}

  async execute({ iysCode, brandCode, channel, senderId: raw, principal }: RegisterSenderCommand): Promise<RegisteredSender> {
    const senderId = senderIdOrRefuse(channel, raw);
    const brandActive = await this.directory.isActiveBrand(iysCode, brandCode);
    await handleCommand(this.store, senderIdentityDecider, senderIdentityStream(channel, senderId), {
      type: 'RegisterSender', iysCode, brandCode, channel, senderId, brandActive,
    }, { metadata: senderMetadata(principal) });
    return { channel, senderId };
  }
}
