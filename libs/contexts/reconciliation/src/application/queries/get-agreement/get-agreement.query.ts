/** M2: the registry's hash of a brand's movement file of one day, and whether the provider agreed. */
export class GetAgreementQuery {
  constructor(
    readonly iysCode: number,
    readonly brandCode: number,
    readonly reportDate: string,
  ) {}
}
