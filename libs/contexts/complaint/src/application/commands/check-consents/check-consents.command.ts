import { Command } from '@nestjs/cqrs';
import type { CheckedConsent } from './check-consents.handler.js';
import type { RecipientPrincipal } from '@iys/platform/building-blocks';
import type { ComplaintChannel } from '../../../domain/complaint.events.js';

/** The check step before a complaint: the consents the registry holds for the caller's addresses on a channel. */
export class CheckConsentsCommand extends Command<{ checkId: string; consents: CheckedConsent[] }> {
  constructor(
    readonly principal: RecipientPrincipal,
    readonly channel: ComplaintChannel,
  ) {
    super();
  }
}
