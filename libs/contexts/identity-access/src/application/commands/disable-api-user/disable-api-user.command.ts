import { Command } from '@nestjs/cqrs';

export class DisableApiUserCommand extends Command<void> {
  constructor(
    readonly userId: string,
    readonly disabledBy: string,
  ) {
    super();
  }
}
