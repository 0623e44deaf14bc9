import type { Principal } from '@iys/platform/building-blocks';
import type { ConsentSubmission } from '../../consent-registrar.js';

export class AddConsentCommand {
  constructor(
    readonly iysCode: number,
    readonly brandCode: number,
    readonly consent: ConsentSubmission,
    readonly principal: Principal,
  ) {}
}
