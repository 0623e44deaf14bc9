import { Query } from '@nestjs/cqrs';
import type { NumberHistory } from '../../consent-audit.types.js';

/**
 * Every consent of an address across providers and brands (the authority console's number history),
 * each event with its own hash-chain verdict and its inclusion in its day's signed snapshot; with
 * `at` (Europe/Istanbul `YYYY-MM-DD HH:mm:ss`, by recording time) only what the registry had recorded
 * by then, and each consent's state at that moment. The address is personal data: never logged,
 * never put in an error message.
 */
export class AuditNumberHistoryQuery extends Query<NumberHistory> {
  constructor(
    readonly recipient: string,
    readonly at?: string,
  ) {
    super();
  }
}
