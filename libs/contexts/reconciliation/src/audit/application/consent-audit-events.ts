import { ConsentContracts } from '@iys/contracts';
import { DomainError } from '@iys/platform/building-blocks';
import { iysCodeEntry, isIysCodeRegistered } from '@iys/platform/nest';
import type { IysDateTimeFormatter } from '../../shared/domain/iys-date-time.js';
import type { AuditChainResult, AuditConsentEvent, AuditConsentType, AuditRecipientType, EventChainCheck } from './consent-audit.types.js';

const { CONSENT_APPROVED, CONSENT_REJECTED, RETAILER_ACCESS_GRANTED, movementOrigin } = ConsentContracts;

type RecordedEvent = ConsentContracts.ConsentRecordedEvent;
export type StatusEvent = Extract<RecordedEvent, { data: ConsentContracts.ConsentMovement }>;

export function isStatusEvent(event: RecordedEvent): event is StatusEvent {
  return event.type === CONSENT_APPROVED || event.type === CONSENT_REJECTED;
}

/** A consent's key, from its first status event; undefined for a stream with none (nothing to show). */
export function consentKeyOf(record: ConsentContracts.ConsentRecord): { iysCode: number; brandCode: number; type: AuditConsentType; recipientType: AuditRecipientType } | undefined {
  const first = record.events.find(isStatusEvent);
  if (!first) return undefined;
  const { iysCode, brandCode, type, recipientType } = first.data;
  return { iysCode, brandCode, type, recipientType };
}

/**
 * Where the stream's chain check leaves one event: `intact` when it was verified (before the first
 * broken position, or the whole chain holds), `broken` at that position, `unchecked` after it (the
 * verifier stops at the first break, so nothing later is vouched for).
 */
export function eventChainVerdict(chain: AuditChainResult, position: number): EventChainCheck {
  if (chain.ok || !chain.firstBroken) return chain.ok ? 'intact' : 'unchecked';
  if (position < chain.firstBroken.position) return 'intact';
  return position === chain.firstBroken.position ? 'broken' : 'unchecked';
}

/**
 * A consent's recorded events as the audit shows them, in order, each paired with the event it
 * came from; an access change carries the consent's status and dates as they stood before it
 * (one before any status event has nothing to carry and is left out).
 */
export function toAuditEvents(events: readonly RecordedEvent[], dates: IysDateTimeFormatter): { shown: AuditConsentEvent; recorded: RecordedEvent }[] {
  let status: AuditConsentEvent | undefined;
  return events.flatMap((event): { shown: AuditConsentEvent; recorded: RecordedEvent }[] => {
    if (isStatusEvent(event)) {
      status = toAuditEvent(event, dates);
      return [{ shown: status, recorded: event }];
    }
    if (!status) return [];
    const shown: AuditConsentEvent = {
      ...status,
      position: event.position,
      transactionId: event.eventId,
      creationDate: dates.format(event.recordedAt.getTime()),
      actorKind: event.actorKind,
      actorId: event.actorId,
      channel: event.channel,
      retailerAccessChange: {
        kind: event.type === RETAILER_ACCESS_GRANTED ? 'granted' : 'revoked',
        retailerCodes: event.data.retailerCodes,
        retailerAccess: event.data.retailerAccess,
      },
    };
    return [{ shown, recorded: event }];
  });
}

/** `dates` formats the answer's timestamps (formatIysDateTime, the zone offset kept per hour). */
function toAuditEvent(event: StatusEvent, dates: IysDateTimeFormatter): AuditConsentEvent {
  return {
    position: event.position,
    transactionId: event.eventId,
    status: event.type === CONSENT_APPROVED ? 'ONAY' : 'RET',
    consentDate: dates.format(Date.parse(event.data.consentDate)),
    creationDate: dates.format(event.recordedAt.getTime()),
    source: event.data.source,
    origin: movementOrigin(event.data),
    actorKind: event.actorKind,
    actorId: event.actorId,
    channel: event.channel,
  };
}

/**
 * A DomainError carrying a code registered elsewhere (H157, the consent context's, same meaning
 * here). The text comes from the code table; without it (a process that loaded no consent context)
 * the code alone still says what is wrong. The input is never put in the message.
 */
export function codedError(code: string, location: string[]): DomainError {
  const message = isIysCodeRegistered(code) ? iysCodeEntry(code).message : `${location.join('.')} rejected (${code})`;
  return new DomainError(code, message, location);
}
