import { Command } from '@nestjs/cqrs';

export class RegisterIntegratorCommand extends Command<{ integratorCode: number }> {
  constructor(
    readonly title: string,
    readonly registeredBy: string,
  ) {
    super();
  }
}
