import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { COMPLAINT_RECORDS, type ComplaintRecords } from '../../complaint-records.port.js';
import { summaryOf } from '../../complaint-views.js';
import { ListMyComplaintsQuery } from './list-my-complaints.query.js';

/** The complainant's own complaints with their status and outcome, newest first (at most 200). */
@QueryHandler(ListMyComplaintsQuery)
export class ListMyComplaintsHandler implements IQueryHandler<ListMyComplaintsQuery> {
  constructor(@Inject(COMPLAINT_RECORDS) private readonly records: ComplaintRecords) {}

  async execute({ principal }: ListMyComplaintsQuery) {
    const rows = await this.records.ofAccount(principal.accountId, 200);
    return { complaints: rows.map(summaryOf) };
  }
}
