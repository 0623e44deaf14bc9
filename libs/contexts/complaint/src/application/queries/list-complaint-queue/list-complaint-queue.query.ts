import { Query } from '@nestjs/cqrs';
import type { Principal } from '@iys/platform/building-blocks';
import type { ComplaintSummary } from '../../complaint-views.js';

export interface QueueFilter {
  province?: number;
  status?: string;
  channel?: string;
  iysCode?: number;
  brandCode?: number;
  assessment?: string;
  /** ISO instants, filing time. */
  from?: string;
  to?: string;
  sort?: 'filedAt' | '-filedAt' | 'messageDate' | '-messageDate';
  offset: number;
  limit: number;
}

/** A page of the queue; `more` says whether another page follows (no total: counting a large queue costs more than the page). */
export interface QueuePage {
  offset: number;
  limit: number;
  more: boolean;
  complaints: ComplaintSummary[];
}

/** The authority's queue, within the caller's scope; or, with `iysCode` fixed by the path, a provider's list. */
export class ListComplaintQueueQuery extends Query<QueuePage> {
  constructor(
    readonly audience: { kind: 'authority'; principal: Principal } | { kind: 'provider'; iysCode: number },
    readonly filter: QueueFilter,
  ) {
    super();
  }
}
