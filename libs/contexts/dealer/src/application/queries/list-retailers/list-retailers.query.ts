/** İYS R2: one page of a brand's retailers. */
export class ListRetailersQuery {
  constructor(
    readonly iysCode: number,
    readonly brandCode: number,
    readonly offset: number,
    readonly limit: number,
  ) {}
}
