import { Command } from '@nestjs/cqrs';

export class RevokeIntegratorCommand extends Command<void> {
  constructor(
    readonly iysCode: number,
    readonly integratorCode: number,
    readonly actorId: string,
  ) {
    super();
  }
}
