import { Inject, Injectable } from '@nestjs/common';
import { DomainError, parseIysDateTimeDetailed, type Clock, type Decider } from '@iys/platform/building-blocks';
import { decideAndAppend, PostgresEventStore, toDomainEvent, type DecideOptions, type Decision, type DecisionOutcome } from '@iys/platform/event-store';
import { CLOCK } from '@iys/platform/nest';
import { InvalidAddressError, normaliseAddress, PiiVault, type EncryptedValue, type NormalisedAddress } from '@iys/platform/pii';
import { ConsentBrandDirectory } from './consent-brand-directory.js';
import { consentDecider, consentStreamId, type ConsentState } from '../domain/consent.decider.js';
import { consentError } from '../domain/consent.errors.js';
import type { UploadRowProblem } from '../domain/consent-upload.decider.js';
import { CONSENT_APPLICATION_CODES } from './consent-codes.js';
import type { ConsentEvent, ConsentOrigin, ConsentStatusEvent, ConsentSource, ConsentStatus, ConsentType, RecipientType } from '../domain/consent.events.js';

/** The append's transaction, as decideAndAppend hands it to `withinAppend`. */
export type AppendTransaction = Parameters<NonNullable<DecideOptions['withinAppend']>>[0];

/** One consent as a client sends it (İYS C1 body), already shape-checked. */
export interface ConsentSubmission {
  recipient: string;
  recipientType: RecipientType;
  type: ConsentType;
  status: ConsentStatus;
  consentDate?: string;
  source?: ConsentSource;
  retailerCode?: number;
  retailerAccess?: number[];
}

/**
 * A submission ready for a decision: the address replaced by its opaque id and sealed copy, the
 * date parsed. Serialisable, so accepted batch items can wait in the queue without plaintext.
 */
export interface PreparedConsent {
  recipientId: string;
  recipient: EncryptedValue;
  addressKind: 'phone' | 'email';
  recipientType: RecipientType;
  type: ConsentType;
  status: ConsentStatus;
  consentDate?: string;
  source?: ConsentSource;
  retailerCode: number | null;
  retailerAccess: number[];
}

export interface RegistrationContext {
  iysCode: number;
  brandCode: number;
  origin: ConsentOrigin;
  actorKind: 'service-provider' | 'integrator' | 'dealer' | 'recipient' | 'call-centre-agent' | 'system';
  actorId: string;
  channel: string;
  /** Per-item idempotency keys (batch items): an item already written returns its first outcome. */
  commandIds?: string[];
  /**
   * The moment the rules are judged at: a batch item is judged as of its acceptance, so a backlog
   * or an outage never makes a timely registration late (H640). Defaults to now.
   */
  decidedAt?: Date;
  /**
   * The recipient decides now, through the registry: the consentDate is the registry's clock, not a
   * client's field. When the stored consent carries the same instant (a provider registered it in
   * the same millisecond), the decision is dated 1 ms later: it was made after that consent existed,
   * and H178 ("older than the stored consent") must not refuse a recipient's own opt-out.
   */
  decidedNow?: boolean;
}

export type RegistrationOutcome = { ok: true; transactionId: string; creationDate: Date } | { ok: false; error: DomainError };

const MAX_CONFLICT_RETRIES = 5;

/**
 * Registers consents, one or a thousand at once: every item is decided on its own (İYS: each item
 * succeeds or fails alone) and all accepted ones are written in one multi-stream append.
 */
@Injectable()
export class ConsentRegistrar {
  constructor(
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(PiiVault) private readonly vault: PiiVault,
    @Inject(ConsentBrandDirectory) private readonly brands: ConsentBrandDirectory,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Prepares and applies: the single add (C1). */
  async register(submissions: ConsentSubmission[], context: RegistrationContext): Promise<RegistrationOutcome[]> {
    const registered = new Set<string>();
    const prepared = await this.prepare(submissions, registered);
    const ready = prepared.filter((p): p is PreparedConsent => !(p instanceof DomainError));
    const applied = await this.apply(ready, context, registered);
    let next = 0;
    return prepared.map((p) => (p instanceof DomainError ? { ok: false, error: p } : applied[next++]));
  }

  /**
   * Normalises, pseudonymises and seals each submission; an unusable one becomes its İYS error.
   * Recipients seen for the first time are added to `registered`, when given.
   */
  async prepare(submissions: ConsentSubmission[], registered?: Set<string>): Promise<(PreparedConsent | DomainError)[]> {
    const checked = submissions.map(checkSubmission);
    const usable = checked.filter((c): c is Exclude<typeof c, DomainError> => !(c instanceof DomainError));
    const { ids: recipientIds, registered: firstSeen } = await this.vault.registerMany(usable.map((c) => c.address));
    for (const id of firstSeen) registered?.add(id);
    const sealed = await this.vault.encryptMany(usable.map((c, i) => ({ recipientId: recipientIds[i], plaintext: c.address.value })));
    let next = 0;
    return checked.map((c) => {
      if (c instanceof DomainError) return c;
      const i = next++;
      return { recipientId: recipientIds[i], recipient: sealed[i], ...toPrepared(c.submission, c.consentDate, c.address.kind) };
    });
  }

  /**
   * What C3 would answer for each submission, without writing anything (the panel's upload preview):
   * the preparation's checks, the batch's repeated keys (H194, on the later item) and the consent
   * decider judged on each consent's current state, now. Unknown addresses are not registered.
   */
  async check(submissions: ConsentSubmission[], context: RegistrationContext): Promise<(DomainError | undefined)[]> {
    const checked = submissions.map(checkSubmission);
    const usable = checked.flatMap((c, i) => (c instanceof DomainError ? [] : [{ c, i }]));
    const ids = await this.vault.findMany(usable.map(({ c }) => c.address));
    const errors: (DomainError | undefined)[] = checked.map((c) => (c instanceof DomainError ? c : undefined));
    const keys = checked.map((c) => (c instanceof DomainError ? undefined : `${c.address.value}|${c.submission.type}|${c.submission.recipientType}`));
    for (const i of repeatedKeyPositions(keys)) errors[i] = new DomainError('H194', CONSENT_APPLICATION_CODES.H194.message);
    const streams = usable.map(({ c }, n) => (ids[n] ? consentStreamId(ids[n], context.brandCode, c.submission.type, c.submission.recipientType) : undefined));
    const histories = await this.store.readStreams(streams.filter((s): s is string => s !== undefined));
    const activationDate = await this.brands.activationDateOf(context.iysCode, context.brandCode);
    const now = this.clock.now().toISOString();
    for (const [n, { c, i }] of usable.entries()) {
      if (errors[i]) continue;
      const recipientId = ids[n] ?? UNREGISTERED;
      const state = (histories.get(streams[n] ?? '') ?? []).reduce((s, e) => registrationDecider.evolve(s, toDomainEvent<ConsentEvent>(e)), registrationDecider.initialState());
      const item: PreparedConsent = { ...toPrepared(c.submission, c.consentDate, c.address.kind), recipientId, recipient: { $enc: 'v1', kid: recipientId, iv: '', ct: '', tag: '' } };
      try {
        registrationDecider.decide({ item, context, now, activationDate }, state);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        errors[i] = error;
      }
    }
    return errors;
  }

  /** `check` of numbered rows: the refused ones, with their İYS code and message. */
  async problemsOf(rows: readonly { row: number; submission: ConsentSubmission }[], context: RegistrationContext): Promise<UploadRowProblem[]> {
    const errors = await this.check(rows.map((r) => r.submission), context);
    return rows.flatMap((r, i) => (errors[i] ? [{ row: r.row, code: errors[i].code, message: errors[i].message }] : []));
  }

  /**
   * Decides every prepared consent on its current state and writes the accepted ones together. A
   * recipient in `newRecipients` was registered by this very call, so it has no consent to read yet.
   */
  async apply(items: PreparedConsent[], context: RegistrationContext, newRecipients: ReadonlySet<string> = new Set()): Promise<RegistrationOutcome[]> {
    const [outcomes] = await this.applyTogether([{ items, context }], { newRecipients, unknownBrand: 'throw' });
    return outcomes;
  }

  /**
   * Several requests' consents decided and written in one append (the batch worker), each request
   * under its own context; none may touch a stream another touches. An unknown brand fails that
   * request's items (or throws, for a caller with one request); `withinAppend` records the outcomes
   * in the append's transaction (see decideAndAppend), and command ids are then only looked up.
   */
  async applyTogether(
    requests: { items: PreparedConsent[]; context: RegistrationContext }[],
    options: {
      newRecipients?: ReadonlySet<string>;
      unknownBrand?: 'throw' | 'fail-items';
      withinAppend?: (tx: AppendTransaction, outcomes: RegistrationOutcome[][]) => Promise<void>;
    } = {},
  ): Promise<RegistrationOutcome[][]> {
    const { newRecipients = new Set<string>(), unknownBrand = 'fail-items', withinAppend } = options;
    const outcomes: (RegistrationOutcome[] | undefined)[] = [];
    const decisions: Decision<Registration, ConsentEvent, ConsentState>[] = [];
    const owners: { request: number; item: number }[] = [];
    for (const [r, { items, context }] of requests.entries()) {
      let activationDate: string;
      try {
        activationDate = await this.brands.activationDateOf(context.iysCode, context.brandCode);
      } catch (error) {
        // The brand was deactivated (or never ours) since the request was accepted: every item fails.
        if (unknownBrand === 'throw' || !(error instanceof DomainError)) throw error;
        outcomes[r] = items.map(() => ({ ok: false, error }));
        continue;
      }
      outcomes[r] = [];
      const now = (context.decidedAt ?? this.clock.now()).toISOString();
      const metadata = { actorKind: context.actorKind, actorId: context.actorId, channel: context.channel };
      for (const [index, item] of items.entries()) {
        owners.push({ request: r, item: index });
        decisions.push({
          streamId: consentStreamId(item.recipientId, context.brandCode, item.type, item.recipientType),
          decider: registrationDecider,
          command: { item, context, now, activationDate },
          commandId: context.commandIds?.[index],
          knownNew: newRecipients.has(item.recipientId),
          metadata,
          occurredAt: (event) => new Date((event as ConsentStatusEvent).data.consentDate),
        });
      }
    }
    const place = (decided: DecisionOutcome<ConsentState>[]) => {
      decided.forEach((outcome, i) => {
        outcomes[owners[i].request]![owners[i].item] = outcome.ok
          ? { ok: true, transactionId: outcome.result.eventIds[0], creationDate: outcome.result.recordedAt }
          : outcome;
      });
      return outcomes as RegistrationOutcome[][];
    };
    return place(
      await decideAndAppend(this.store, decisions, {
        maxRetries: MAX_CONFLICT_RETRIES,
        recordCommandIds: !withinAppend,
        withinAppend: withinAppend && ((tx, decided) => withinAppend(tx, place(decided))),
      }),
    );
  }
}

/** The id a preview judges an address the registry has never seen under: no consent can exist for it. */
const UNREGISTERED = '00000000-0000-0000-0000-000000000000';

function toPrepared(submission: ConsentSubmission, consentDate: string | undefined, addressKind: 'phone' | 'email'): Omit<PreparedConsent, 'recipientId' | 'recipient'> {
  return {
    addressKind,
    recipientType: submission.recipientType,
    type: submission.type,
    status: submission.status,
    consentDate,
    source: submission.source,
    retailerCode: submission.retailerCode ?? null,
    retailerAccess: submission.retailerAccess ?? [],
  };
}

interface Registration {
  item: PreparedConsent;
  context: RegistrationContext;
  now: string;
  activationDate: string;
}

/** The consent decider, given a prepared item and the instant it is judged at (which may depend on the state; see decidedNow). */
const registrationDecider: Decider<Registration, ConsentEvent, ConsentState> = {
  initialState: consentDecider.initialState,
  evolve: consentDecider.evolve,
  decide({ item, context, now, activationDate }, state) {
    const judgedAt = context.decidedNow ? decisionInstant(now, state.status === 'none' ? undefined : state.consentDate) : now;
    return consentDecider.decide(
      {
        type: 'RegisterConsent',
        iysCode: context.iysCode,
        brandCode: context.brandCode,
        recipientId: item.recipientId,
        recipient: item.recipient,
        addressKind: item.addressKind,
        recipientType: item.recipientType,
        consentType: item.type,
        status: item.status,
        consentDate: context.decidedNow ? judgedAt : item.consentDate,
        source: item.source,
        origin: context.origin,
        retailerCode: item.retailerCode,
        retailerAccess: item.retailerAccess,
        now: judgedAt,
        activationDate,
      },
      state,
    );
  },
};

function decisionInstant(now: string, stored: string | undefined): string {
  const at = Date.parse(now);
  return stored !== undefined && Date.parse(stored) >= at ? new Date(Date.parse(stored) + 1).toISOString() : now;
}

/** A submission's address normalised and its date parsed, or İYS's code for the first of them that is unusable. */
export function checkSubmission(submission: ConsentSubmission): { submission: ConsentSubmission; address: NormalisedAddress; consentDate: string | undefined } | DomainError {
  const address = normaliseRecipient(submission.recipient);
  if (address instanceof DomainError) return address;
  let consentDate: string | undefined;
  if (submission.consentDate !== undefined) {
    const parsed = parseIysDateTimeDetailed(submission.consentDate);
    if (!parsed.ok) return consentError(parsed.reason === 'format' ? 'H158' : 'H157', ['consentDate']);
    consentDate = parsed.instant.toISOString();
  }
  return { submission, address, consentDate };
}

/** İYS H194: the positions of items repeating an earlier item's recipient, type and recipient type (`undefined` keys are skipped). */
export function repeatedKeyPositions(keys: readonly (string | undefined)[]): number[] {
  const seen = new Set<string>();
  const repeated: number[] = [];
  for (const [i, key] of keys.entries()) {
    if (key === undefined) continue;
    if (seen.has(key)) repeated.push(i);
    else seen.add(key);
  }
  return repeated;
}

/** The normalised address, or İYS's code for what is wrong with it (phone H121, e-mail H120, neither H122). */
export function normaliseRecipient(raw: string): NormalisedAddress | DomainError {
  try {
    return normaliseAddress(raw);
  } catch (error) {
    if (!(error instanceof InvalidAddressError)) throw error;
    return consentError(error.reason === 'phone' ? 'H121' : error.reason === 'email' ? 'H120' : 'H122', ['recipient']);
  }
}
