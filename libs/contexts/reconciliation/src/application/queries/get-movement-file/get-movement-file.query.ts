/** M4: a brand's movement file of one of the last 7 days. */
export class GetMovementFileQuery {
  constructor(
    readonly iysCode: number,
    readonly brandCode: number,
    readonly reportDate: string,
  ) {}
}
