import { Command } from '@nestjs/cqrs';

export class DeactivateBrandCommand extends Command<void> {
  constructor(
    readonly iysCode: number,
    readonly brandCode: number,
    readonly deactivatedBy: string,
  ) {
    super();
  }
}
