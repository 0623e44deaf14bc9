import { Command } from '@nestjs/cqrs';
import type { ErasureAccepted } from './request-erasure.handler.js';
import type { RecipientPrincipal } from '@iys/platform/building-blocks';

/** The recipient asks the registry to erase everything it holds about their addresses. */
export class RequestErasureCommand extends Command<ErasureAccepted> {
  constructor(readonly principal: RecipientPrincipal) {
    super();
  }
}
