import { Query } from '@nestjs/cqrs';

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

/** İYS M2 response (iys-api.md B §3.12). */
export interface AgreementInfo {
  processStatus: 'completed';
  hashValue: string;
  hashMethod: 'SHA-256';
  agreementStatus: boolean;
}
