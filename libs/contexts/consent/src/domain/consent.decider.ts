import { ConsentContracts } from '@iys/contracts';
import { CONSENT_REGISTRATION_BUSINESS_DAYS, turkishBusinessCalendar, type Decider, type TurkishBusinessCalendar } from '@iys/platform/building-blocks';
import { consentError } from './consent.errors.js';
import {
  CONSENT_STATUSES,
  CONSENT_TYPES,
  PROVIDER_SOURCES,
  RECIPIENT_TYPES,
  REGISTRY_SOURCES,
  type ConsentEvent,
  type ConsentFacts,
  type ConsentOrigin,
  type ConsentSource,
  type ConsentStatus,
  type ConsentStatusEvent,
  type ConsentType,
  type RecipientType,
  type RetailerAccessEvent,
  type SealedAddress,
} from './consent.events.js';

/**
 * One consent: the İYS key brandCode + recipient + recipientType + type (iys-api.md §1), one stream
 * each (`consentStreamId`). Rules: iys-api.md Part B §5, Part A items 2–3.
 */
export type ConsentState =
  | { status: 'none' }
  | {
      status: ConsentStatus;
      /** ISO instant of the stored consent (the one every later change must be newer than, H178). */
      consentDate: string;
      source: ConsentSource;
      recipientType: RecipientType;
      type: ConsentType;
      retailerCode: number | null;
      retailerAccess: number[];
    };

export interface RegisterConsent {
  type: 'RegisterConsent';
  iysCode: number;
  brandCode: number;
  /** Opaque id of the normalised address (no personal data); part of the stream id. */
  recipientId: string;
  recipient: SealedAddress;
  /** What the normalised recipient is. */
  addressKind: 'phone' | 'email';
  recipientType: RecipientType;
  consentType: ConsentType;
  status: ConsentStatus;
  /** ISO instant, already parsed from `YYYY-MM-DD HH:mm:ss` Istanbul (H157/H158 are the caller's); undefined = omitted. */
  consentDate?: string;
  /** undefined = omitted. */
  source?: ConsentSource;
  /** 'HS': the provider, its integrator or dealer. 'IYS': the recipient through the registry's channels. */
  origin: ConsentOrigin;
  retailerCode: number | null;
  retailerAccess: number[];
  /** ISO instant of the registry's clock (injected). */
  now: string;
  /** ISO instant: the provider's activation date (Part A item 3). */
  activationDate: string;
}

/**
 * İYS RA1–RA5 on one consent: `add` the listed retailers (RA1), `replace` the set with them (RA2),
 * `remove` the listed ones (RA4) or `remove-all` (RA5). Which retailers exist is the caller's check.
 */
export interface ChangeRetailerAccess {
  type: 'ChangeRetailerAccess';
  mode: 'add' | 'replace' | 'remove' | 'remove-all';
  iysCode: number;
  brandCode: number;
  recipientId: string;
  recipientType: RecipientType;
  consentType: ConsentType;
  retailerCodes: number[];
}

export type ConsentCommand = RegisterConsent | ChangeRetailerAccess;

/**
 * The source recorded when a provider adds a TACIR consent for the first time without one (allowed:
 * "consentDate ve source değerleri tacir izinleri için zorunlu değildir", §5.4). `ConsentFacts.source`
 * is not optional, so something must be written: HS_EORTAM ("another electronic environment of the
 * provider") is the provider source that claims least, and the record did reach the registry
 * electronically, from the provider, at `now` (the defaulted consentDate).
 */
export const TACIR_DEFAULT_SOURCE = 'HS_EORTAM' satisfies ConsentSource;

/** `2015-05-01 00:00:00` Europe/Istanbul (+03, summer time): the earliest consentDate (H156) and the only one HS_2015 allows (H155). */
export const EARLIEST_CONSENT_DATE = '2015-04-30T21:00:00.000Z';

/** `consent-<recipientId>.<brandCode>.<type>.<recipientType>`: the builder consent publishes in @iys/contracts. */
export const { consentStreamId } = ConsentContracts;

export interface ConsentDeciderOptions {
  /** The business calendar of the 3-business-day rule; default the built-in 2015–2030 one. */
  calendar?: Pick<TurkishBusinessCalendar, 'isWithinBusinessDays'>;
}

/** A consent decider on the given calendar (e.g. one with an operator's `yearOverrides`). */
export function createConsentDecider(options: ConsentDeciderOptions = {}): Decider<ConsentCommand, ConsentEvent, ConsentState> {
  const calendar = options.calendar ?? turkishBusinessCalendar;
  return {
    initialState: () => ({ status: 'none' }),
    decide: (command, state) => decide(command, state, calendar),
    evolve,
  };
}

export const consentDecider: Decider<ConsentCommand, ConsentEvent, ConsentState> = createConsentDecider();

/**
 * Rules in the order İYS would report them, the first failure thrown: first what the request alone
 * shows (422s: recipient/type, missing fields, source, date), then what needs the stored consent
 * (400s: TACIR update fields, first RET, same status, older date).
 */
function decide(
  command: ConsentCommand,
  state: ConsentState,
  calendar: Pick<TurkishBusinessCalendar, 'isWithinBusinessDays'>,
): ConsentEvent[] {
  return command.type === 'ChangeRetailerAccess' ? decideAccess(command, state) : decideRegistration(command, state, calendar);
}

/**
 * Access is a list kept with the consent whatever its status: a RET consent keeps it, and the
 * retailers see it as RET (docs/adr/0031). A consent that does not exist has no list (H401).
 */
function decideAccess(command: ChangeRetailerAccess, state: ConsentState): RetailerAccessEvent[] {
  if (state.status === 'none') throw consentError('H401', ['recipients']);
  if (state.type !== command.consentType || state.recipientType !== command.recipientType) {
    throw new Error('ChangeRetailerAccess applied to the stream of another consent key');
  }
  const current = new Set(state.retailerAccess);
  const listed = new Set(command.retailerCodes);
  const removed =
    command.mode === 'remove-all' ? [...current] : command.mode === 'add' ? [] : command.mode === 'remove' ? [...current].filter((c) => listed.has(c)) : [...current].filter((c) => !listed.has(c));
  const added = command.mode === 'add' || command.mode === 'replace' ? [...listed].filter((c) => !current.has(c)) : [];
  const key = { iysCode: command.iysCode, brandCode: command.brandCode, recipientId: command.recipientId, recipientType: command.recipientType, type: command.consentType };
  const events: RetailerAccessEvent[] = [];
  let access = [...state.retailerAccess];
  if (removed.length > 0) {
    const gone = new Set(removed);
    access = access.filter((c) => !gone.has(c));
    events.push({ type: 'consent.RetailerAccessRevoked', data: { ...key, retailerCodes: removed, retailerAccess: [...access] } });
  }
  if (added.length > 0) {
    access = [...access, ...added];
    events.push({ type: 'consent.RetailerAccessGranted', data: { ...key, retailerCodes: added, retailerAccess: [...access] } });
  }
  return events;
}

function decideRegistration(
  command: RegisterConsent,
  state: ConsentState,
  calendar: Pick<TurkishBusinessCalendar, 'isWithinBusinessDays'>,
): ConsentStatusEvent[] {
  const now = instant(command.now, 'now');
  const activationDate = instant(command.activationDate, 'activationDate');
  const existing = state.status === 'none' ? undefined : state;
  if (existing !== undefined && (existing.type !== command.consentType || existing.recipientType !== command.recipientType)) {
    throw new Error('RegisterConsent applied to the stream of another consent key');
  }
  if (command.origin !== 'HS' && command.origin !== 'IYS') throw new Error(`RegisterConsent with unknown origin ${String(command.origin)}`);
  // An IYS-origin command is built by the registry's own channels (web, call centre, short number…),
  // which always name themselves; its source never comes from a client's field. A missing or provider
  // source there is our bug, not the caller's: a plain Error (→ 500), not a DomainError.
  if (command.origin === 'IYS' && !(REGISTRY_SOURCES as readonly (string | undefined)[]).includes(command.source)) {
    throw new Error(`RegisterConsent from the registry (origin IYS) needs a registry source, got ${String(command.source)}`);
  }

  // 1. Enumerations (the application layer's DTO validation normally catches these first).
  if (!RECIPIENT_TYPES.includes(command.recipientType)) throw consentError('H116', ['recipientType']);
  if (!CONSENT_TYPES.includes(command.consentType)) throw consentError('H117', ['type']);
  if (!CONSENT_STATUSES.includes(command.status)) throw consentError('H115', ['status']);

  // 2. Recipient/type coherence (§5.1: phone → ARAMA/MESAJ, e-mail → EPOSTA). İYS has no code for the
  //    mismatch itself, so we answer with the format code of the address the type needs: EPOSTA with a
  //    phone → H120 ("enter a valid e-mail address"), ARAMA/MESAJ with an e-mail → H121 ("enter an
  //    E.164 phone number"). Both point at `recipient`, which is what the caller must change.
  if (command.consentType === 'EPOSTA' && command.addressKind !== 'email') throw consentError('H120', ['recipient']);
  if (command.consentType !== 'EPOSTA' && command.addressKind !== 'phone') throw consentError('H121', ['recipient']);

  // 3. Required fields. BIREYSEL: both always (H112, H113). TACIR: optional here; required on an update,
  //    which needs the stored consent and so is checked with the business rules (H462, H463).
  const bireysel = command.recipientType === 'BIREYSEL';
  if (bireysel && command.consentDate === undefined) throw consentError('H112', ['consentDate']);
  if (bireysel && command.source === undefined) throw consentError('H113', ['source']);

  // 4. Source family. A provider may send only HS_* ("source can never be one of İYS's channels", H119).
  const source = command.source;
  if (command.origin === 'HS' && source !== undefined && !(PROVIDER_SOURCES as readonly string[]).includes(source)) {
    throw consentError('H119', ['source']);
  }
  // 5. consentDate. An omitted TACIR date is "now" (the moment the registry records it); it passes every
  //    date rule except H155 (HS_2015 needs its fixed date, so it cannot be omitted).
  const consentDate = command.consentDate === undefined ? now : instant(command.consentDate, 'consentDate');
  const earliest = Date.parse(EARLIEST_CONSENT_DATE);
  if (consentDate.getTime() < earliest) throw consentError('H156', ['consentDate']);
  if (source === 'HS_2015' && consentDate.getTime() !== earliest) throw consentError('H155', ['consentDate']);
  if (consentDate.getTime() > now.getTime()) throw consentError('H162', ['consentDate']);

  // 6. HS_KARAR ("set to RET by the provider's own decision") only with RET. Together with H175 this
  //    also keeps it off a first record, as §4.4 requires.
  if (source === 'HS_KARAR' && command.status !== 'RET') throw consentError('H408', ['status']);

  // 7. 3 business days (Part A item 3). Only once the provider's activation date has passed; before it,
  //    back-dated consents down to 2015-05-01 are accepted. Turkish business days in Europe/Istanbul
  //    (building-blocks calendar). A BusinessCalendarOutOfRange (a year without holiday data) propagates:
  //    the rule is never waved through on a guess.
  if (now.getTime() > activationDate.getTime() && !calendar.isWithinBusinessDays(consentDate, now, CONSENT_REGISTRATION_BUSINESS_DAYS)) {
    throw consentError('H640', ['consentDate']);
  }

  // 8. Against the stored consent.
  if (existing !== undefined && command.recipientType === 'TACIR') {
    if (command.consentDate === undefined) throw consentError('H462', ['consentDate']);
    if (source === undefined) throw consentError('H463', ['source']);
  }
  // First record cannot be RET (H175), except when the recipient rejects through the registry: a
  // citizen may refuse a brand that never registered them (the registry lets recipients reject
  // commercial messages at any time, §5.5, README rule 4), and that refusal must be recorded so a later,
  // older-dated ONAY from the provider cannot win (H178).
  if (existing === undefined && command.status === 'RET' && command.origin !== 'IYS') throw consentError('H175', ['status']);
  if (existing !== undefined && existing.status === command.status) {
    throw consentError('H174', ['status'], { status: existing.status });
  }
  if (existing !== undefined && consentDate.getTime() <= Date.parse(existing.consentDate)) throw consentError('H178', ['consentDate']);

  const data: ConsentFacts = {
    iysCode: command.iysCode,
    brandCode: command.brandCode,
    recipientId: command.recipientId,
    recipient: command.recipient,
    recipientType: command.recipientType,
    type: command.consentType,
    consentDate: consentDate.toISOString(),
    source: source ?? TACIR_DEFAULT_SOURCE,
    origin: command.origin,
    retailerCode: command.retailerCode,
    // The list is set on the first record; later it changes only through RA1–RA5, so a status
    // change (e.g. to RET) keeps it (docs/adr/0031).
    retailerAccess: existing === undefined ? [...command.retailerAccess] : [...existing.retailerAccess],
  };
  const defaulted = [...(command.consentDate === undefined ? (['consentDate'] as const) : []), ...(source === undefined ? (['source'] as const) : [])];
  if (defaulted.length > 0) data.defaulted = defaulted;
  return [{ type: command.status === 'ONAY' ? 'consent.ConsentApproved' : 'consent.ConsentRejected', data }];
}

function evolve(state: ConsentState, event: ConsentEvent): ConsentState {
  if (event.type === 'consent.RetailerAccessGranted' || event.type === 'consent.RetailerAccessRevoked') {
    return state.status === 'none' ? state : { ...state, retailerAccess: [...event.data.retailerAccess] };
  }
  const { data } = event;
  return {
    status: event.type === 'consent.ConsentApproved' ? 'ONAY' : 'RET',
    consentDate: data.consentDate,
    source: data.source,
    recipientType: data.recipientType,
    type: data.type,
    retailerCode: data.retailerCode,
    retailerAccess: [...data.retailerAccess],
  };
}

/** An ISO instant the caller promised; anything else is a bug upstream, not a client error. */
function instant(iso: string, field: string): Date {
  const date = new Date(iso);
  if (typeof iso !== 'string' || Number.isNaN(date.getTime())) throw new Error(`RegisterConsent.${field} is not an ISO instant: ${String(iso)}`);
  return date;
}
