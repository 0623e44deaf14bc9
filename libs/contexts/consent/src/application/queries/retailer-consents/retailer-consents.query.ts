/** The retailer's own view: a page of the consents it has access to (C2 shape each). */
export class ListRetailerConsentsQuery {
  constructor(
    readonly iysCode: number,
    readonly brandCode: number,
    readonly retailerCode: number,
    readonly offset: number,
    readonly limit: number,
  ) {}
}
