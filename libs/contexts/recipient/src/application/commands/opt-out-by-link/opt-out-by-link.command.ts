import { Command } from '@nestjs/cqrs';
import type { OptOutResult } from './opt-out-by-link.handler.js';

/** The one-click opt-out from a consent notice: the link's token is the only credential. */
export class OptOutByLinkCommand extends Command<OptOutResult> {
  constructor(readonly token: string) {
    super();
  }
}
