import { Command } from '@nestjs/cqrs';
import type { Principal } from '@iys/platform/building-blocks';

/** M3: the provider states that the day's movements match its records (body `{ agreementStatus: true }`). */
export class CaptureAgreementCommand extends Command<AgreementCaptured> {
  constructor(
    readonly iysCode: number,
    readonly brandCode: number,
    readonly reportDate: string,
    readonly principal: Principal,
  ) {
    super();
  }
}

/** İYS M3 response. */
export interface AgreementCaptured {
  agreementCaptured: true;
}
