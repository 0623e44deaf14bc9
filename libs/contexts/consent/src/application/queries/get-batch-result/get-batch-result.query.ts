export class GetBatchResultQuery {
  constructor(
    readonly iysCode: number,
    readonly brandCode: number,
    readonly requestId: string,
    /** The /v2 form adds requestId to each item. */
    readonly v2: boolean,
  ) {}
}
