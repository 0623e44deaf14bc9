import { Command } from '@nestjs/cqrs';
import type { ConsentVerificationCompleted } from './complete-consent-verification.handler.js';
import type { Principal } from '@iys/platform/building-blocks';

/** The verificationCode body (İYS C8 completion), already shape-checked. */
export class CompleteConsentVerificationCommand extends Command<ConsentVerificationCompleted> {
  constructor(
    readonly iysCode: number,
    readonly brandCode: number,
    readonly requestId: string,
    readonly verificationCode: string,
    readonly principal: Principal,
  ) {
    super();
  }
}
