/** İYS R3: one retailer of a brand. */
export class GetRetailerQuery {
  constructor(
    readonly iysCode: number,
    readonly brandCode: number,
    readonly retailerCode: number,
  ) {}
}
