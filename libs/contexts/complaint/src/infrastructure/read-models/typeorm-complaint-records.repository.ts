import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository, SelectQueryBuilder } from 'typeorm';
import type { ComplaintRecords, ComplaintRow, QueueScope } from '../../application/complaint-records.port.js';
import type { QueueFilter } from '../../application/queries/list-complaint-queue/list-complaint-queue.query.js';
import { AuthorityScopeRecord, ComplaintRecord } from './complaint.record.js';

/**
 * Sort keys of the queue, each with the complaint id as tie-breaker in the same direction: the filing-time
 * indexes (`complaints_queue`, `complaints_by_filing`, `complaints_by_province`, `complaints_by_provider`)
 * hold both descending, so a page is a plain index scan either way (docs/adr/0070).
 */
const ORDER: Record<NonNullable<QueueFilter['sort']>, [keyof ComplaintRow, 'ASC' | 'DESC']> = {
  filedAt: ['filed_at', 'ASC'],
  '-filedAt': ['filed_at', 'DESC'],
  messageDate: ['message_at', 'ASC'],
  '-messageDate': ['message_at', 'DESC'],
};

/** Equality filters of the queue: the filter's key and the column it bounds. */
const EQUALS = [
  ['province', 'province'],
  ['status', 'status'],
  ['channel', 'channel'],
  ['iysCode', 'iys_code'],
  ['brandCode', 'brand_code'],
  ['assessment', 'assessment'],
] as const;

@Injectable()
export class TypeOrmComplaintRecords implements ComplaintRecords {
  private columnNames?: string[];

  constructor(
    @InjectRepository(ComplaintRecord) private readonly complaints: Repository<ComplaintRecord>,
    @InjectRepository(AuthorityScopeRecord) private readonly scopes: Repository<AuthorityScopeRecord>,
  ) {}

  async byId(complaintId: string): Promise<ComplaintRow | undefined> {
    return (await this.complaints.findOneBy({ complaint_id: complaintId })) ?? undefined;
  }

  /**
   * Raw rows under the columns' own names, typed as the read model's row: the values are what the pg
   * driver parses (the entity's hydration converted none of them), so entities were only a copy
   * (docs/adr/0070).
   */
  async page(scope: QueueScope, filter: QueueFilter): Promise<{ rows: ComplaintRow[]; more: boolean }> {
    const query = this.pageQuery(scope, filter);
    const [first, ...rest] = this.columns();
    query.select(`c.${first}`, first);
    for (const column of rest) query.addSelect(`c.${column}`, column);
    const rows = await query.getRawMany<ComplaintRow>();
    return { rows: rows.slice(0, filter.limit), more: rows.length > filter.limit };
  }

  /** The mapped columns of `complaint.complaints` (the entity's, in its order). */
  private columns(): string[] {
    return (this.columnNames ??= this.complaints.metadata.columns.map((column) => column.databaseName));
  }

  /** The page's statement: the scope, the filter's terms, the sort with its tie-breaker, `limit + 1` rows. */
  pageQuery(scope: QueueScope, filter: QueueFilter): SelectQueryBuilder<ComplaintRecord> {
    const query = this.complaints.createQueryBuilder('c');
    // The scope is a condition of its own: a filter can narrow it, never widen it.
    if (scope.province !== undefined) query.andWhere('c.province = :scopeProvince', { scopeProvince: scope.province });
    if (scope.iysCode !== undefined) query.andWhere('c.iys_code = :scopeIysCode', { scopeIysCode: scope.iysCode });
    for (const [key, column] of EQUALS) {
      if (filter[key] !== undefined) query.andWhere(`c.${column} = :${key}`, { [key]: filter[key] });
    }
    if (filter.from !== undefined) query.andWhere('c.filed_at >= :from', { from: filter.from });
    if (filter.to !== undefined) query.andWhere('c.filed_at < :to', { to: filter.to });
    const [column, direction] = ORDER[filter.sort ?? '-filedAt'];
    return query
      .orderBy(`c.${column}`, direction)
      .addOrderBy('c.complaint_id', direction)
      .limit(filter.limit + 1)
      .offset(filter.offset);
  }

  ofAccount(accountId: string, limit: number): Promise<ComplaintRow[]> {
    return this.complaints.find({ where: { account_id: accountId }, order: { filed_at: 'DESC' }, take: limit });
  }

  async authorityScope(userId: string): Promise<{ province: number | null } | undefined> {
    const row = await this.scopes.findOneBy({ userId });
    return row ? { province: row.province } : undefined;
  }
}
