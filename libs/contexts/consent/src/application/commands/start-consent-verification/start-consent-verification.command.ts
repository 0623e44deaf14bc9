import { Command } from '@nestjs/cqrs';
import type { ConsentVerificationStarted } from './start-consent-verification.handler.js';
import type { Principal } from '@iys/platform/building-blocks';
import type { ConsentType, RecipientType } from '../../../domain/consent.events.js';

/** The overIys body (İYS C8 start), already shape-checked: the consent key and the registry channel to ask through. */
export interface ConsentVerificationRequest {
  recipient: string;
  recipientType: RecipientType;
  /** Any consent type; only MESAJ and ARAMA can be collected through the registry (H459). */
  type: ConsentType;
  /** Checked against the type by the handler (H452). */
  source: string;
}

export class StartConsentVerificationCommand extends Command<ConsentVerificationStarted> {
  constructor(
    readonly iysCode: number,
    readonly brandCode: number,
    readonly request: ConsentVerificationRequest,
    readonly principal: Principal,
  ) {
    super();
  }
}
