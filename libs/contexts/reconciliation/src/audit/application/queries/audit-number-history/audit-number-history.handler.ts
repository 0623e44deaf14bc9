import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ConsentContracts } from '@iys/contracts';
import { parseIysDateTime } from '@iys/platform/building-blocks';
import { IysDateTimeFormatter } from '../../../../shared/domain/iys-date-time.js';
import { SnapshotInclusion } from '../../../../snapshots/application/snapshot-inclusion.js';
import { codedError, consentKeyOf, eventChainVerdict, toAuditEvents } from '../../consent-audit-events.js';
import type { NumberHistory, NumberHistoryConsent } from '../../consent-audit.types.js';
import { AuditNumberHistoryQuery } from './audit-number-history.query.js';

/** One second, in ms: `at` and creationDate are both whole seconds (İYS `YYYY-MM-DD HH:mm:ss`). */
const SECOND = 1000;

/**
 * The number history of the authority console: the audit history (every consent stream of the
 * address, from the consent context's record, not a projection) with, per event, where the stream's
 * chain check puts it (`intact` before the first broken position, `broken` at it, `unchecked` after
 * it: the verifier stops there) and its inclusion in its day's signed snapshot (the as-of answer's
 * proof, one pass per brand and day). With `at`, the events recorded by then (creationDate ≤ at,
 * the as-of rule), each consent's state at that moment and how many events came later; a consent
 * with nothing recorded by then is left out. The chain verdicts always come from the whole stream:
 * a row altered after `at` still taints it. An impossible `at` is H157; a malformed address is
 * refused with the consent context's codes (H120–H122) first.
 */
@QueryHandler(AuditNumberHistoryQuery)
export class AuditNumberHistoryHandler implements IQueryHandler<AuditNumberHistoryQuery, NumberHistory> {
  constructor(
    @Inject(ConsentContracts.CONSENT_HISTORY) private readonly consents: ConsentContracts.ConsentHistoryPort,
    @Inject(SnapshotInclusion) private readonly inclusion: SnapshotInclusion,
  ) {}

  async execute({ recipient, at }: AuditNumberHistoryQuery): Promise<NumberHistory> {
    const records = await this.consents.recordsOf(recipient);
    const instant = at === undefined ? undefined : parseIysDateTime(at);
    if (at !== undefined && !instant) throw codedError('H157', ['at']);
    const limit = instant ? instant.getTime() + SECOND : Number.POSITIVE_INFINITY;
    const dates = new IysDateTimeFormatter();

    const kept = records.flatMap((record) => {
      const key = consentKeyOf(record);
      if (!key) return [];
      const recorded = record.events.filter((event) => event.recordedAt.getTime() < limit);
      const shown = toAuditEvents(recorded, dates);
      return shown.length === 0 ? [] : [{ key, record, shown, later: record.events.length - recorded.length }];
    });
    const proofs = await this.inclusion.prove(
      kept.flatMap(({ shown }) =>
        shown.map(({ recorded }) => ({
          transactionId: recorded.eventId,
          hash: Buffer.from(recorded.hash, 'hex'),
          recordedAt: recorded.recordedAt,
          iysCode: recorded.data.iysCode,
          brandCode: recorded.data.brandCode,
        })),
      ),
    );
    const inclusionOf = new Map(proofs.map((proof) => [proof.transactionId, proof.inclusion]));

    const consents = kept.map(({ key, record, shown, later }): NumberHistoryConsent => {
      const events = shown.map(({ shown: event, recorded }) => ({
        ...event,
        hash: recorded.hash,
        chainCheck: eventChainVerdict(record.chain, recorded.position),
        inclusion: inclusionOf.get(recorded.eventId)!,
      }));
      return { ...key, chain: record.chain, state: events.at(-1)!.status, eventsAfter: later, events };
    });
    const all = consents.flatMap((consent) => consent.events);
    return {
      recipient,
      at: at ?? null,
      consents,
      summary: {
        consents: consents.length,
        events: all.length,
        brokenChains: consents.filter((consent) => !consent.chain.ok).length,
        included: all.filter((event) => event.inclusion.status === 'included').length,
        pendingSnapshot: all.filter((event) => event.inclusion.status === 'pending-snapshot').length,
        unverifiable: all.filter((event) => event.inclusion.status === 'unverifiable').length,
      },
    };
  }
}
