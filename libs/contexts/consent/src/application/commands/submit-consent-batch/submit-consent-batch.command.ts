import { Command } from '@nestjs/cqrs';
import type { BatchAccepted } from './submit-consent-batch.handler.js';
import type { Principal } from '@iys/platform/building-blocks';
import type { ConsentSubmission } from '../../consent-registrar.js';

export class SubmitConsentBatchCommand extends Command<BatchAccepted> {
  constructor(
    readonly iysCode: number,
    readonly brandCode: number,
    readonly consents: ConsentSubmission[],
    readonly principal: Principal,
  ) {
    super();
  }
}
