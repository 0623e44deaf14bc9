import type { Principal } from '@iys/platform/building-blocks';
import type { ConsentSubmission } from '../../consent-registrar.js';

export class SubmitConsentBatchCommand {
  constructor(
    readonly iysCode: number,
    readonly brandCode: number,
    readonly consents: ConsentSubmission[],
    readonly principal: Principal,
  ) {}
}
