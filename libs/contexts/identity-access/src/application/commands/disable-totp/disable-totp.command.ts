import { Command } from '@nestjs/cqrs';
import type { Principal } from '@iys/platform/building-blocks';

/**
 * A user turns their second factor off (refused while their provider requires it), or the registry
 * administrator resets a user's (a lost phone), required or not.
 */
export class DisableTotpCommand extends Command<void> {
  constructor(
    readonly userId: string,
    readonly principal: Principal,
  ) {
    super();
  }
}
