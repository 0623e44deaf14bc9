import { Query } from '@nestjs/cqrs';
import type { AuditHistory } from '../../consent-audit.types.js';

/**
 * Every consent of an address across providers and brands, each change in order, with each stream's
 * hash-chain check (the consent audit, also `npm run cli -- audit history <address>`). The address is
 * personal data: never logged, never put in an error message.
 */
export class AuditHistoryQuery extends Query<AuditHistory> {
  constructor(readonly recipient: string) {
    super();
  }
}
