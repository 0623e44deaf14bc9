import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ComplaintAccess } from '../../complaint-access.js';
import type { ComplaintRow } from '../../complaint-records.port.js';
import { ComplaintViews } from '../../complaint-views.js';
import { GetComplaintQuery } from './get-complaint.query.js';

@QueryHandler(GetComplaintQuery)
export class GetComplaintHandler implements IQueryHandler<GetComplaintQuery> {
  constructor(
    @Inject(ComplaintAccess) private readonly access: ComplaintAccess,
    @Inject(ComplaintViews) private readonly views: ComplaintViews,
  ) {}

  async execute({ complaintId, audience }: GetComplaintQuery) {
    const row = await this.rowFor(complaintId, audience);
    return this.views.detail(row, audience.kind);
  }

  private rowFor(complaintId: string, audience: GetComplaintQuery['audience']): Promise<ComplaintRow> {
    if (audience.kind === 'authority') return this.access.forAuthority(audience.principal, complaintId);
    if (audience.kind === 'provider') return this.access.forProvider(audience.iysCode, complaintId);
    return this.access.forRecipient(audience.principal.accountId, complaintId);
  }
}
