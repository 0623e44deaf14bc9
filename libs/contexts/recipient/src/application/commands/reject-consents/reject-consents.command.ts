import { Command } from '@nestjs/cqrs';
import type { DecisionResult } from '../../recipient-consents.js';
import type { RecipientPrincipal } from '@iys/platform/building-blocks';
import type { ConsentTypeValue } from '../../../domain/consent-reference.js';

/** Which approved consents to reject, on every address of the caller: one brand's, or one channel's across all brands. */
export type RejectionScope = { kind: 'brand'; brandCode: number } | { kind: 'channel'; type: ConsentTypeValue };

export class RejectConsentsCommand extends Command<{ rejected: DecisionResult[]; matched: number }> {
  constructor(
    readonly principal: RecipientPrincipal,
    readonly scope: RejectionScope,
    readonly source: 'IYS_WEB' | 'IYS_MOBIL' | undefined,
  ) {
    super();
  }
}
