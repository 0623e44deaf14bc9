import { Command } from '@nestjs/cqrs';

export class AddBrandCommand extends Command<{ brandCode: number }> {
  constructor(
    readonly iysCode: number,
    readonly name: string,
    readonly addedBy: string,
  ) {
    super();
  }
}
