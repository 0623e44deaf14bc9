/** A scrub job's progress, for the operator that submitted it (H736 for any other). */
export class GetScrubJobQuery {
  constructor(
    readonly operatorCode: number,
    readonly jobId: string,
  ) {}
}
