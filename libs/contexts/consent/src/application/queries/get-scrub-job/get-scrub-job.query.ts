import { Query } from '@nestjs/cqrs';
import type { ScrubJobProgress } from './get-scrub-job.handler.js';

/** A scrub job's progress, for the operator that submitted it (H736 for any other). */
export class GetScrubJobQuery extends Query<ScrubJobProgress> {
  constructor(
    readonly operatorCode: number,
    readonly jobId: string,
  ) {
    super();
  }
}
