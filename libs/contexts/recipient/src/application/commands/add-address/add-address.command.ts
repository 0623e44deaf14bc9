import { Command } from '@nestjs/cqrs';
import type { RecipientPrincipal } from '@iys/platform/building-blocks';

/** Attach one more proven address to the signed-in account (it leaves any account that held it). */
export class AddAddressCommand extends Command<{ addressKind: string }> {
  constructor(
    readonly principal: RecipientPrincipal,
    readonly challengeId: string,
    readonly code: string,
  ) {
    super();
  }
}
