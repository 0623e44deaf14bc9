import { Inject, Injectable } from '@nestjs/common';
import { ConsentContracts, type ReconciliationContracts } from '@iys/contracts';
import { DomainError, parseIysDateTime } from '@iys/platform/building-blocks';
import {
  comparePositions,
  EventChainVerifier,
  PostgresEventStore,
  positionOf,
  type RecordedEvent,
  type VerificationReport,
} from '@iys/platform/event-store';
import type { SqlExecutor } from '@iys/platform/database';
import { iysCodeEntry, isIysCodeRegistered, REPLICA_READS } from '@iys/platform/nest';
import { InvalidAddressError, normaliseAddress, PiiVault, type NormalisedAddress } from '@iys/platform/pii';
import type {
  AuditAsOf,
  AuditAsOfRequest,
  AuditChainResult,
  AuditConsentEvent,
  AuditConsentHistory,
  AuditConsentStatus,
  AuditConsentType,
  AuditHistory,
  AuditProofEvent,
  AuditRecipientType,
} from './consent-audit.types.js';
import { IysDateTimeFormatter } from '../../domain/iys-date-time.js';
import { SnapshotInclusion } from '../snapshots/snapshot-inclusion.js';

const { CONSENT_APPROVED, CONSENT_REJECTED, RETAILER_ACCESS_GRANTED, RETAILER_ACCESS_EVENTS } = ConsentContracts;

/** Category of the consent context's streams: `consent-<recipientId>.<brandCode>.<type>.<recipientType>`. */
const CONSENT_CATEGORY = 'consent';

/**
 * The fields of a consent event the audit shows (the consent context's ConsentFacts as published on
 * `consent.ConsentApproved` / `consent.ConsentRejected`). A local copy: contexts never share types.
 */
interface ConsentEventData {
  iysCode: number;
  brandCode: number;
  recipientType: AuditRecipientType;
  type: AuditConsentType;
  /** ISO instant. */
  consentDate: string;
  source: string;
  origin?: 'HS' | 'IYS';
}

/** One second, in ms: `at` and creationDate are both whole seconds (İYS `YYYY-MM-DD HH:mm:ss`). */
const SECOND = 1000;

/**
 * The consent audit for Ministry auditors: every consent an address has (every provider, every brand),
 * each change in order with who made it, each stream's hash-chain check, and a consent's state as the
 * registry knew it at a past instant. A plain injectable with no HTTP in it, so the planned CLI
 * (`npm run cli -- audit history <address>`) calls the same code the API does.
 *
 * Reads the event store itself (not a read model): an audit must rest on the record, not on a
 * projection of it. The address is turned into its opaque recipient id through the vault and is never
 * logged; an unknown or erased address (its id is gone with the erasure) has no consents.
 *
 * Errors: a malformed address throws a DomainError with the consent context's codes (H120 e-mail,
 * H121 phone, H122 neither; `location: ['recipient']`), an impossible `at` H157.
 */
@Injectable()
export class ConsentAuditService implements ReconciliationContracts.ConsentAsOfPort {
  constructor(
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(EventChainVerifier) private readonly verifier: EventChainVerifier,
    @Inject(PiiVault) private readonly vault: PiiVault,
    @Inject(SnapshotInclusion) private readonly inclusion: SnapshotInclusion,
    // A replica on the audit-history route (ADR 0047); the verifier routes the same way.
    @Inject(REPLICA_READS) private readonly reads: SqlExecutor,
  ) {}

  /**
   * Every consent stream of the address, streams in the global commit order of their first event
   * (the order the consents came into existence), each stream's events in stream order.
   */
  async history(address: string): Promise<AuditHistory> {
    const recipientId = await this.recipientIdOf(normaliseRecipient(address));
    if (!recipientId) return { recipient: address, consents: [] };
    const prefix = `${CONSENT_CATEGORY}-${recipientId}.`;
    // The events and every stream's chain check, side by side: the chains in two statements in all.
    const [events, chains] = await Promise.all([this.store.readStreamsByPrefix(prefix, this.reads), this.verifier.verifyStreamsByPrefix(prefix)]);
    const streams = new Map<string, RecordedEvent[]>();
    for (const event of events) {
      const stream = streams.get(event.streamId);
      if (stream) stream.push(event);
      else streams.set(event.streamId, [event]);
    }
    // A stream created between the two reads is checked on its own rather than left out.
    for (const streamId of streams.keys()) if (!chains.has(streamId)) chains.set(streamId, await this.verifier.verifyStream(streamId));
    const dates = new IysDateTimeFormatter();
    const ordered = [...streams.entries()].sort(([, a], [, b]) => comparePositions(positionOf(a[0]!), positionOf(b[0]!)));
    const consents = ordered.map(([streamId, stream]): AuditConsentHistory | undefined => {
      const consentEvents = stream.filter(isConsentEvent);
      const first = consentEvents.find(isStatusEvent);
      const chain = chains.get(streamId);
      if (!first || !chain) return undefined;
      const data = first.data as unknown as ConsentEventData;
      return {
        iysCode: data.iysCode,
        brandCode: data.brandCode,
        type: data.type,
        recipientType: data.recipientType,
        chain: chainResult(chain),
        events: toAuditEvents(consentEvents, dates),
      };
    });
    return { recipient: address, consents: consents.filter((consent) => consent !== undefined) };
  }

  /**
   * The consent's state as the registry knew it at `at` (Europe/Istanbul `YYYY-MM-DD HH:mm:ss`), by
   * the registry's own recording time (creationDate), not by consentDate: an event recorded in the
   * second `at` names counts (creationDate ≤ at). The proof is every event recorded up to then, with
   * its chain hash; `chain` checks the whole stream; `inclusionProofs` ties each proof event to the
   * signed daily snapshot of its day (or says the day is not signed yet).
   */
  async asOf(request: AuditAsOfRequest): Promise<AuditAsOf> {
    const normalised = normaliseRecipient(request.recipient);
    if (request.type === 'EPOSTA' ? normalised.kind !== 'email' : normalised.kind !== 'phone') {
      // The same answer C1 gives for this key (an EPOSTA consent needs an e-mail, ARAMA/MESAJ a phone).
      throw addressError(request.type === 'EPOSTA' ? 'H120' : 'H121');
    }
    const instant = parseIysDateTime(request.at);
    if (!instant) throw codedError('H157', ['at']);
    const recipientId = await this.recipientIdOf(normalised);
    if (!recipientId) return { at: request.at, state: 'NONE', proof: [], chain: { ok: true, eventsChecked: 0 }, inclusionProofs: [] };

    const streamId = `${CONSENT_CATEGORY}-${recipientId}.${request.brandCode}.${request.type}.${request.recipientType}`;
    const events = (await this.store.readStream(streamId)).filter(isConsentEvent);
    const limit = instant.getTime() + SECOND;
    const proving = events.filter((event) => event.recordedAt.getTime() < limit);
    const dates = new IysDateTimeFormatter();
    const proof: AuditProofEvent[] = toAuditEvents(proving, dates).map((event, i) => ({ ...event, hash: proving[i].hash.toString('hex') }));
    const lastEvent = proof.at(-1);
    const answer: AuditAsOf = {
      at: request.at,
      state: lastEvent?.status ?? 'NONE',
      proof,
      chain: chainResult(await this.verifier.verifyStream(streamId)),
      inclusionProofs: await this.inclusion.prove(
        proving.map((event) => {
          const { iysCode, brandCode } = event.data as unknown as ConsentEventData;
          return { transactionId: event.eventId, hash: event.hash, recordedAt: event.recordedAt, iysCode, brandCode };
        }),
      ),
    };
    if (lastEvent) answer.lastEvent = lastEvent;
    return answer;
  }

  private async recipientIdOf(address: NormalisedAddress): Promise<string | undefined> {
    const [recipientId] = await this.vault.findMany([address], this.reads);
    return recipientId;
  }
}

function isStatusEvent(event: RecordedEvent): boolean {
  return event.type === CONSENT_APPROVED || event.type === CONSENT_REJECTED;
}

/** Status changes and retailer-access changes: who could use the consent, and when, is part of its record. */
function isConsentEvent(event: RecordedEvent): boolean {
  return isStatusEvent(event) || (RETAILER_ACCESS_EVENTS as readonly string[]).includes(event.type);
}

/** A stream's events in order; an access change carries the consent's status and dates as they stood before it. */
function toAuditEvents(events: readonly RecordedEvent[], dates: IysDateTimeFormatter): AuditConsentEvent[] {
  let status: AuditConsentEvent | undefined;
  return events.flatMap((event) => {
    if (isStatusEvent(event)) {
      status = toAuditEvent(event, dates);
      return [status];
    }
    if (!status) return []; // an access change always follows a status event; nothing to carry otherwise
    const data = event.data as unknown as ConsentContracts.RetailerAccessChanged;
    return [
      {
        ...status,
        position: event.streamPosition,
        transactionId: event.eventId,
        creationDate: dates.format(event.recordedAt.getTime()),
        actorKind: event.metadata.actorKind ?? null,
        actorId: event.metadata.actorId ?? null,
        channel: event.metadata.channel ?? null,
        retailerAccessChange: {
          kind: event.type === RETAILER_ACCESS_GRANTED ? 'granted' : 'revoked',
          retailerCodes: data.retailerCodes,
          retailerAccess: data.retailerAccess,
        },
      },
    ];
  });
}

/** `dates` formats the answer's timestamps (formatIysDateTime, the zone offset kept per hour). */
function toAuditEvent(event: RecordedEvent, dates: IysDateTimeFormatter): AuditConsentEvent {
  const data = event.data as unknown as ConsentEventData;
  const status: AuditConsentStatus = event.type === CONSENT_APPROVED ? 'ONAY' : 'RET';
  return {
    position: event.streamPosition,
    transactionId: event.eventId,
    status,
    consentDate: dates.format(Date.parse(data.consentDate)),
    creationDate: dates.format(event.recordedAt.getTime()),
    source: data.source,
    // Events written before `origin` existed: a registry source (IYS_…) means the recipient acted.
    origin: data.origin ?? (data.source.startsWith('IYS_') ? 'IYS' : 'HS'),
    actorKind: event.metadata.actorKind ?? null,
    actorId: event.metadata.actorId ?? null,
    channel: event.metadata.channel ?? null,
  };
}

/** The verifier's report without its bigint global position (not JSON) and without the stream id (has the recipient id). */
function chainResult(report: VerificationReport): AuditChainResult {
  const result: AuditChainResult = { ok: report.ok, eventsChecked: report.eventsChecked };
  if (report.firstBroken) result.firstBroken = { position: report.firstBroken.streamPosition, reason: report.firstBroken.reason };
  return result;
}

/** The normalised address, or the consent context's code for what is wrong with it (H121 phone, H120 e-mail, H122 neither). */
function normaliseRecipient(address: string): NormalisedAddress {
  try {
    return normaliseAddress(address);
  } catch (error) {
    if (!(error instanceof InvalidAddressError)) throw error;
    throw addressError(error.reason === 'phone' ? 'H121' : error.reason === 'email' ? 'H120' : 'H122');
  }
}

function addressError(code: 'H120' | 'H121' | 'H122'): DomainError {
  return codedError(code, ['recipient']);
}

/**
 * A DomainError carrying a code registered elsewhere (H120–H122, H157: the consent context's, same
 * meaning here). The text comes from the code table; without it (a process that loaded no consent
 * context) the code alone still says what is wrong. The input is never put in the message.
 */
function codedError(code: string, location: string[]): DomainError {
  const message = isIysCodeRegistered(code) ? iysCodeEntry(code).message : `${location.join('.')} rejected (${code})`;
  return new DomainError(code, message, location);
}
