import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ConsentContracts, type ReconciliationContracts } from '@iys/contracts';
import { parseIysDateTime } from '@iys/platform/building-blocks';
import { IysDateTimeFormatter } from '../../../../shared/domain/iys-date-time.js';
import { SnapshotInclusion } from '../../../../snapshots/application/snapshot-inclusion.js';
import { codedError, toAuditEvents } from '../../consent-audit-events.js';
import type { AuditAsOf, AuditAsOfRequest, AuditProofEvent } from '../../consent-audit.types.js';
import { AuditAsOfQuery } from './audit-as-of.query.js';

/** One second, in ms: `at` and creationDate are both whole seconds (İYS `YYYY-MM-DD HH:mm:ss`). */
const SECOND = 1000;

/**
 * `POST /audit/as-of`, `npm run cli -- audit as-of` and, as the published CONSENT_AS_OF port, the
 * complaint context's evidence: a consent's state as the registry knew it at `at` (Europe/Istanbul
 * `YYYY-MM-DD HH:mm:ss`), by the registry's own recording time (creationDate), not by consentDate: an
 * event recorded in the second `at` names counts (creationDate ≤ at). The proof is every event
 * recorded up to then with its chain hash; `chain` checks the whole stream; `inclusionProofs` ties
 * each proof event to the signed daily snapshot of its day (or says the day is not signed yet).
 *
 * The stream comes from the consent context's ConsentHistory port (the address refused with its codes:
 * H120–H122, and H120/H121 when it does not fit the type, as C1 answers); an impossible `at` is H157.
 */
@QueryHandler(AuditAsOfQuery)
export class AuditAsOfHandler implements IQueryHandler<AuditAsOfQuery, AuditAsOf>, ReconciliationContracts.ConsentAsOfPort {
  constructor(
    @Inject(ConsentContracts.CONSENT_HISTORY) private readonly consents: ConsentContracts.ConsentHistoryPort,
    @Inject(SnapshotInclusion) private readonly inclusion: SnapshotInclusion,
  ) {}

  execute({ recipient, brandCode, type, recipientType, at }: AuditAsOfQuery): Promise<AuditAsOf> {
    return this.asOf({ recipient, brandCode, type, recipientType, at });
  }

  async asOf(request: AuditAsOfRequest): Promise<AuditAsOf> {
    const instant = parseIysDateTime(request.at);
    // The address is judged first (its codes win over H157 when both are wrong).
    const record = await this.consents.recordOf(request.recipient, { brandCode: request.brandCode, type: request.type, recipientType: request.recipientType });
    if (!instant) throw codedError('H157', ['at']);
    if (!record) return { at: request.at, state: 'NONE', proof: [], chain: { ok: true, eventsChecked: 0 }, inclusionProofs: [] };

    const limit = instant.getTime() + SECOND;
    const proving = record.events.filter((event) => event.recordedAt.getTime() < limit);
    const proof: AuditProofEvent[] = toAuditEvents(proving, new IysDateTimeFormatter()).map(({ shown, recorded }) => ({ ...shown, hash: recorded.hash }));
    const lastEvent = proof.at(-1);
    const answer: AuditAsOf = {
      at: request.at,
      state: lastEvent?.status ?? 'NONE',
      proof,
      chain: record.chain,
      inclusionProofs: await this.inclusion.prove(
        proving.map((event) => {
          const { iysCode, brandCode } = event.data;
          return { transactionId: event.eventId, hash: Buffer.from(event.hash, 'hex'), recordedAt: event.recordedAt, iysCode, brandCode };
        }),
      ),
    };
    if (lastEvent) answer.lastEvent = lastEvent;
    return answer;
  }
}
