import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type pg from 'pg';
import { PG_POOL } from '@iys/platform/nest';
import { COMPLAINT_COLUMNS, type ComplaintRow } from '../../complaint-access.js';
import { summaryOf } from '../../complaint-views.js';
import { ListMyComplaintsQuery } from './list-my-complaints.query.js';

/** The complainant's own complaints with their status and outcome, newest first (at most 200). */
@QueryHandler(ListMyComplaintsQuery)
export class ListMyComplaintsHandler implements IQueryHandler<ListMyComplaintsQuery> {
  constructor(@Inject(PG_POOL) private readonly pool: pg.Pool) {}

  async execute({ principal }: ListMyComplaintsQuery) {
    const { rows } = await this.pool.query<ComplaintRow>(
      `SELECT ${COMPLAINT_COLUMNS} FROM complaint.complaints WHERE account_id = $1 ORDER BY filed_at DESC LIMIT 200`,
      [principal.accountId],
    );
    return { complaints: rows.map(summaryOf) };
  }
}
