import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ConsentContracts } from '@iys/contracts';
import { IysDateTimeFormatter } from '../../../../shared/domain/iys-date-time.js';
import { consentKeyOf, toAuditEvents } from '../../consent-audit-events.js';
import type { AuditConsentHistory, AuditHistory } from '../../consent-audit.types.js';
import { AuditHistoryQuery } from './audit-history.query.js';

/**
 * `POST /audit/history` and `npm run cli -- audit history`: every consent an address has (every
 * provider, every brand), each change in order with who made it, and each stream's hash-chain check.
 *
 * Rests on the record, not on a projection of it: the consent context's ConsentHistory port reads its
 * event store streams, turns the address into its opaque recipient id (an unknown or erased address
 * has no consents) and refuses a malformed address with its own codes (H120–H122). This handler
 * turns the record into the auditor's answer: a consent's key from its first status event, its events
 * in İYS dates, retailer-access changes with the status they left standing.
 */
@QueryHandler(AuditHistoryQuery)
export class AuditHistoryHandler implements IQueryHandler<AuditHistoryQuery, AuditHistory> {
  constructor(@Inject(ConsentContracts.CONSENT_HISTORY) private readonly consents: ConsentContracts.ConsentHistoryPort) {}

  async execute({ recipient }: AuditHistoryQuery): Promise<AuditHistory> {
    const records = await this.consents.recordsOf(recipient);
    const dates = new IysDateTimeFormatter();
    const consents = records.flatMap((record): AuditConsentHistory[] => {
      const key = consentKeyOf(record);
      return key ? [{ ...key, chain: record.chain, events: toAuditEvents(record.events, dates).map(({ shown }) => shown) }] : [];
    });
    return { recipient, consents };
  }
}
