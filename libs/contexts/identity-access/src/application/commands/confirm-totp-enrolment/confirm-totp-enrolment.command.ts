import { Command } from '@nestjs/cqrs';
import type { Principal } from '@iys/platform/building-blocks';

/** The first code of the authenticator app turns the pending second factor on. */
export class ConfirmTotpEnrolmentCommand extends Command<void> {
  constructor(
    readonly principal: Principal,
    readonly code: string,
  ) {
    super();
  }
}
