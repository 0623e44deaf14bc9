import { Command } from '@nestjs/cqrs';
import type { Principal } from '@iys/platform/building-blocks';
import type { ServiceProviderContracts } from '@iys/contracts';

/** A brand stops sending from an identity; it may then be registered by another brand. */
export class RemoveSenderCommand extends Command<void> {
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
