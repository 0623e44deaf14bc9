import { Command } from '@nestjs/cqrs';
import type { AddConsentResult } from './add-consent.handler.js';
import type { Principal } from '@iys/platform/building-blocks';
import type { ConsentSubmission } from '../../consent-registrar.js';

export class AddConsentCommand extends Command<AddConsentResult> {
  constructor(
    readonly iysCode: number,
    readonly brandCode: number,
    readonly consent: ConsentSubmission,
    readonly principal: Principal,
  ) {
    super();
  }
}
