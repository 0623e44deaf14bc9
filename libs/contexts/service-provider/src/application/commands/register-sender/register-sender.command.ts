import { Command } from '@nestjs/cqrs';
import type { Principal } from '@iys/platform/building-blocks';
import type { ServiceProviderContracts } from '@iys/contracts';
import type { RegisteredSender } from '../../sender-identities.js';

/** A provider (or its integrator) declares an identity a brand sends from. */
export class RegisterSenderCommand extends Command<RegisteredSender> {
  constructor(
    readonly iysCode: number,
    readonly brandCode: number,
    readonly channel: ServiceProviderContracts.SenderChannel,
    readonly senderId: string,
    readonly principal: Principal,
  ) {
    super();
  }
}
