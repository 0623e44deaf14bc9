import type { RecipientPrincipal } from '@iys/platform/building-blocks';
import type { ComplaintChannel } from '../../../domain/complaint.events.js';

/** The check step before a complaint: the consents the registry holds for the caller's addresses on a channel. */
export class CheckConsentsCommand {
  constructor(
    readonly principal: RecipientPrincipal,
    readonly channel: ComplaintChannel,
  ) {}
}
