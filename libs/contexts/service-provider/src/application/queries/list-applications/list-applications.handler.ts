import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type pg from 'pg';
import { formatIysDateTime } from '@iys/platform/building-blocks';
import { PG_POOL } from '@iys/platform/nest';
import { ListApplicationsQuery } from './list-applications.query.js';

export interface ApplicationListItem {
  applicationId: string;
  status: string;
  title: string;
  mersis: string;
  brands: string[];
  submittedAt: string;
  iysCode: number | null;
  rejectionReason: string | null;
}

/** The administrator's review queue. No signatory data: it stays sealed in the events. */
@QueryHandler(ListApplicationsQuery)
export class ListApplicationsHandler implements IQueryHandler<ListApplicationsQuery, ApplicationListItem[]> {
  constructor(@Inject(PG_POOL) private readonly pool: pg.Pool) {}

  async execute({ status }: ListApplicationsQuery): Promise<ApplicationListItem[]> {
    const { rows } = await this.pool.query<{
      application_id: string;
      status: string;
      title: string;
      mersis: string;
      brand_names: string[];
      submitted_at: Date;
      iys_code: number | null;
      rejection_reason: string | null;
    }>(
      `SELECT application_id, status, title, mersis, brand_names, submitted_at, iys_code, rejection_reason
         FROM service_provider.applications WHERE ($1::text IS NULL OR status = $1) ORDER BY submitted_at, application_id`,
      [status ?? null],
    );
    return rows.map((row) => ({
      applicationId: row.application_id,
      status: row.status,
      title: row.title,
      mersis: row.mersis,
      brands: row.brand_names,
      submittedAt: formatIysDateTime(row.submitted_at),
      iysCode: row.iys_code,
      rejectionReason: row.rejection_reason,
    }));
  }
}
