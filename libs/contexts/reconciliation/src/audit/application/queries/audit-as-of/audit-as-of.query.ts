import { Query } from '@nestjs/cqrs';
import type { AuditAsOf, AuditAsOfRequest, AuditConsentType, AuditRecipientType } from '../../consent-audit.types.js';

/**
 * A consent's state as the registry knew it at `at` (Europe/Istanbul `YYYY-MM-DD HH:mm:ss`, by
 * recording time), with the events and chain hashes it rests on (also `npm run cli -- audit as-of`).
 * The address is personal data: never logged, never put in an error message.
 */
export class AuditAsOfQuery extends Query<AuditAsOf> implements AuditAsOfRequest {
  constructor(
    readonly recipient: string,
    readonly brandCode: number,
    readonly type: AuditConsentType,
    readonly recipientType: AuditRecipientType,
    readonly at: string,
  ) {
    super();
  }
}
