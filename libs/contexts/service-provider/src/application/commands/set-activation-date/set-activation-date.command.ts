import { Command } from '@nestjs/cqrs';

export class SetActivationDateCommand extends Command<void> {
  constructor(
    readonly iysCode: number,
    readonly activationDate: string,
    readonly setBy: string,
  ) {
    super();
  }
}
