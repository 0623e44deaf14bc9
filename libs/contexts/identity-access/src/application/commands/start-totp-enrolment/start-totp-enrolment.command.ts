import { Command } from '@nestjs/cqrs';
import type { Principal } from '@iys/platform/building-blocks';
import type { TotpEnrolment } from '../../second-factor.js';

/** The signed-in user sets up a second factor: a new secret, pending until confirmed with its first code. */
export class StartTotpEnrolmentCommand extends Command<TotpEnrolment> {
  constructor(readonly principal: Principal) {
    super();
  }
}
