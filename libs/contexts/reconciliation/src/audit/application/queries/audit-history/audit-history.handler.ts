import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ConsentAuditService } from '../../../../application/audit/consent-audit.service.js';
import type { AuditHistory } from '../../consent-audit.types.js';
import { AuditHistoryQuery } from './audit-history.query.js';

/** Delegates to {@link ConsentAuditService.history}: the same answer as `POST /audit/history`. */
@QueryHandler(AuditHistoryQuery)
export class AuditHistoryHandler implements IQueryHandler<AuditHistoryQuery, AuditHistory> {
  constructor(@Inject(ConsentAuditService) private readonly audit: ConsentAuditService) {}

  execute(query: AuditHistoryQuery): Promise<AuditHistory> {
    return this.audit.history(query.recipient);
  }
}
