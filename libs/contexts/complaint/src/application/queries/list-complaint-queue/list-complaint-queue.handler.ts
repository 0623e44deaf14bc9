import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type pg from 'pg';
import { PG_POOL } from '@iys/platform/nest';
import { COMPLAINT_COLUMNS, ComplaintAccess, type ComplaintRow } from '../../complaint-access.js';
import { summaryOf } from '../../complaint-views.js';
import { ListComplaintQueueQuery, type QueuePage } from './list-complaint-queue.query.js';

const ORDER: Record<string, string> = {
  filedAt: 'filed_at ASC, complaint_id ASC',
  '-filedAt': 'filed_at DESC, complaint_id DESC',
  messageDate: 'message_at ASC, complaint_id ASC',
  '-messageDate': 'message_at DESC, complaint_id DESC',
};

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
    @Inject(PG_POOL) private readonly pool: pg.Pool,
  ) {}

  async execute({ audience, filter }: ListComplaintQueueQuery): Promise<QueuePage> {
    const where: string[] = [];
    const values: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      values.push(value);
      where.push(sql.replace('?', `$${values.length}`));
    };
    if (audience.kind === 'authority') {
      const scope = await this.access.scopeOf(audience.principal);
      if (scope !== null) add('province = ?', scope);
      if (filter.iysCode !== undefined) add('iys_code = ?', filter.iysCode);
    } else {
      add('iys_code = ?', audience.iysCode);
    }
    if (filter.province !== undefined) add('province = ?', filter.province);
    if (filter.status !== undefined) add('status = ?', filter.status);
    if (filter.channel !== undefined) add('channel = ?', filter.channel);
    if (filter.brandCode !== undefined) add('brand_code = ?', filter.brandCode);
    if (filter.assessment !== undefined) add('assessment = ?', filter.assessment);
    if (filter.from !== undefined) add('filed_at >= ?', filter.from);
    if (filter.to !== undefined) add('filed_at < ?', filter.to);
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const order = ORDER[filter.sort ?? '-filedAt'];
    const page = await this.pool.query<ComplaintRow>(
      `SELECT ${COMPLAINT_COLUMNS} FROM complaint.complaints ${clause} ORDER BY ${order} LIMIT ${filter.limit + 1} OFFSET ${filter.offset}`,
      values,
    );
    const more = page.rows.length > filter.limit;
    return { offset: filter.offset, limit: filter.limit, more, complaints: page.rows.slice(0, filter.limit).map(summaryOf) };
  }
}
