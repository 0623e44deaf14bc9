import { Command } from '@nestjs/cqrs';
import type { DecisionResult } from '../../recipient-consents.js';
import type { RecipientPrincipal } from '@iys/platform/building-blocks';
import type { ConsentReference } from '../../../domain/consent-reference.js';

/** Approve or reject one of the caller's consents. */
export class DecideConsentCommand extends Command<DecisionResult> {
  constructor(
    readonly principal: RecipientPrincipal,
    readonly consent: ConsentReference,
    readonly status: 'ONAY' | 'RET',
    readonly source: 'IYS_WEB' | 'IYS_MOBIL' | undefined,
  ) {
    super();
  }
}
