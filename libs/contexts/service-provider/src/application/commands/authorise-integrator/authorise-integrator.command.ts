import { Command } from '@nestjs/cqrs';
import type { ConsentChannel } from '../../../domain/service-provider.events.js';

export class AuthoriseIntegratorCommand extends Command<void> {
  constructor(
    readonly iysCode: number,
    readonly integratorCode: number,
    readonly types: ConsentChannel[],
    readonly agreementControl: boolean,
    /** Undefined grants every active brand. */
    readonly brandCodes: number[] | undefined,
    readonly actorId: string,
  ) {
    super();
  }
}
