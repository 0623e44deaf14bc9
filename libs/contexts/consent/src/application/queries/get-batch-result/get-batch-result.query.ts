import { Query } from '@nestjs/cqrs';
import type { BatchItemResult } from './get-batch-result.handler.js';

export class GetBatchResultQuery extends Query<BatchItemResult[]> {
  constructor(
    readonly iysCode: number,
    readonly brandCode: number,
    readonly requestId: string,
    /** The /v2 form adds requestId to each item. */
    readonly v2: boolean,
  ) {
    super();
  }
}
