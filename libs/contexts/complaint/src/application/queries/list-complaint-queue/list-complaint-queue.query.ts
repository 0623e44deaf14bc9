import type { Principal } from '@iys/platform/building-blocks';

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

/** The authority's queue, within the caller's scope; or, with `iysCode` fixed by the path, a provider's list. */
export class ListComplaintQueueQuery {
  constructor(
    readonly audience: { kind: 'authority'; principal: Principal } | { kind: 'provider'; iysCode: number },
    readonly filter: QueueFilter,
  ) {}
}
