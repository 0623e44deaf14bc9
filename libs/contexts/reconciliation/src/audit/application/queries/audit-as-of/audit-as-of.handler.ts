import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ConsentAuditService } from '../../../../application/audit/consent-audit.service.js';
import type { AuditAsOf } from '../../consent-audit.types.js';
import { AuditAsOfQuery } from './audit-as-of.query.js';

/** Delegates to {@link ConsentAuditService.asOf}: the same answer as `POST /audit/as-of`. */
@QueryHandler(AuditAsOfQuery)
export class AuditAsOfHandler implements IQueryHandler<AuditAsOfQuery, AuditAsOf> {
  constructor(@Inject(ConsentAuditService) private readonly audit: ConsentAuditService) {}

  execute(query: AuditAsOfQuery): Promise<AuditAsOf> {
    const { recipient, brandCode, type, recipientType, at } = query;
    return this.audit.asOf({ recipient, brandCode, type, recipientType, at });
  }
}
