import { Command } from '@nestjs/cqrs';

export class RevokeSessionCommand extends Command<void> {
  constructor(
    readonly sessionId: string,
    readonly userId: string,
  ) {
    super();
  }
}
