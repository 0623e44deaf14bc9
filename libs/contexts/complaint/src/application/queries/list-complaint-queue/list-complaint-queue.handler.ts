import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ComplaintAccess } from '../../complaint-access.js';
import { COMPLAINT_RECORDS, type ComplaintRecords, type QueueScope } from '../../complaint-records.port.js';
import { summaryOf } from '../../complaint-views.js';
import { ListComplaintQueueQuery, type QueuePage } from './list-complaint-queue.query.js';

/**
 * The queue: filter by province, status, channel, provider, brand, assessment and filing date; paged
 * and sortable. One statement: the page and one row more, which says whether another page follows
 * (docs/benchmarks.md: a capped count of the matches cost more than the page). An authority user limited to one province never sees another's (the scope is a filter
 * the caller cannot widen); a provider sees only complaints resolved to it.
 */
@QueryHandler(ListComplaintQueueQuery)
export class ListComplaintQueueHandler implements IQueryHandler<ListComplaintQueueQuery> {
  constructor(
    @Inject(ComplaintAccess) private readonly access: ComplaintAccess,
    @Inject(COMPLAINT_RECORDS) private readonly records: ComplaintRecords,
  ) {}

  async execute({ audience, filter }: ListComplaintQueueQuery): Promise<QueuePage> {
    let scope: QueueScope;
    if (audience.kind === 'authority') {
      const province = await this.access.scopeOf(audience.principal);
      scope = province === null ? {} : { province };
    } else {
      // A provider's list: its code comes from the path, never from the filter.
      scope = { iysCode: audience.iysCode };
      filter = { ...filter, iysCode: undefined };
    }
    const page = await this.records.page(scope, filter);
    return { offset: filter.offset, limit: filter.limit, more: page.more, complaints: page.rows.map(summaryOf) };
  }
}
