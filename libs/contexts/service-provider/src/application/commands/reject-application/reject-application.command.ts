import { Command } from '@nestjs/cqrs';

export class RejectApplicationCommand extends Command<void> {
  constructor(
    readonly applicationId: string,
    readonly reason: string,
    readonly rejectedBy: string,
  ) {
    super();
  }
}
