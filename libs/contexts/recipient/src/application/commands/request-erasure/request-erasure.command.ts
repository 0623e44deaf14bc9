import type { RecipientPrincipal } from '@iys/platform/building-blocks';

/** The recipient asks the registry to erase everything it holds about their addresses. */
export class RequestErasureCommand {
  constructor(readonly principal: RecipientPrincipal) {}
}
