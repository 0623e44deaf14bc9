import { Query } from '@nestjs/cqrs';

/** A finished scrub job's result: the allowed recipients one per line, or every line with its decision. */
export class GetScrubJobResultQuery extends Query<AsyncIterable<string>> {
  constructor(
    readonly operatorCode: number,
    readonly jobId: string,
    readonly format: 'allowed' | 'decisions',
  ) {
    super();
  }
}
