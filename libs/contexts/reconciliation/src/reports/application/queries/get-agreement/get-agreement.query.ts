import { Query } from '@nestjs/cqrs';
import type { AgreementInfo } from './get-agreement.handler.js';

/** M2: the registry's hash of a brand's movement file of one day, and whether the provider agreed. */
export class GetAgreementQuery extends Query<AgreementInfo> {
  constructor(
    readonly iysCode: number,
    readonly brandCode: number,
    readonly reportDate: string,
  ) {
    super();
  }
}
