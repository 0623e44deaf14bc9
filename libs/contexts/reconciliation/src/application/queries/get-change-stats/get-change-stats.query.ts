/** M1: a brand's movements of one day, counted by type and by who made them (HS or IYS). */
export class GetChangeStatsQuery {
  constructor(
    readonly iysCode: number,
    readonly brandCode: number,
    readonly reportDate: string,
    readonly recipientType: string,
  ) {}
}
