import { Command } from '@nestjs/cqrs';

/** End a recipient session: its token stops working at once. */
export class SignOutCommand extends Command<void> {
  constructor(readonly sessionId: string) {
    super();
  }
}
