import { Inject, Injectable } from '@nestjs/common';
import { DomainError, type Principal } from '@iys/platform/building-blocks';
import { decideAndAppend, PostgresEventStore, ProjectionRunner } from '@iys/platform/event-store';
import { IysHttpException, iysErrorItem } from '@iys/platform/nest';
import { PiiVault } from '@iys/platform/pii';
import { consentDecider, consentStreamId, type ChangeRetailerAccess } from '../domain/consent.decider.js';
import { consentError } from '../domain/consent.errors.js';
import type { ConsentType, RecipientType } from '../domain/consent.events.js';
import { CONSENT_RETAILERS, type ConsentRetailers } from './consent-retailers.port.js';
import { consentRetailersProjection } from './projections/consent-retailers.projection.js';
import { normaliseRecipient, type RegistrationContext, type RegistrationOutcome } from './consent-registrar.js';

/** One consent whose access list is to change, by opaque recipient id (serialisable: it waits in the batch queue). */
export interface AccessChange {
  recipientId: string;
  recipientType: RecipientType;
  type: ConsentType;
  mode: ChangeRetailerAccess['mode'];
  retailerCodes: number[];
}

export type AccessContext = Pick<RegistrationContext, 'iysCode' | 'brandCode' | 'actorKind' | 'actorId' | 'channel' | 'commandIds'>;

const MAX_CONFLICT_RETRIES = 5;

/**
 * İYS RA1–RA5 on the consent's own stream: which retailers may use a consent is part of the
 * consent's history (docs/adr/0030). Retailers are checked against this context's copy of the
 * dealer context's published roster.
 */
@Injectable()
export class RetailerAccessKeeper {
  constructor(
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(PiiVault) private readonly vault: PiiVault,
    @Inject(CONSENT_RETAILERS) private readonly retailers: ConsentRetailers,
    @Inject(ProjectionRunner) private readonly runner: ProjectionRunner,
  ) {}

  /**
   * `consent.retailers` is projected asynchronously from the dealer context's events; it is read once
   * caught up with the log, so a retailer registered, deleted or passivated a moment ago counts (docs/adr/0052).
   */
  private retailersCaughtUp(): Promise<void> {
    return this.runner.waitUntilCaughtUp(consentRetailersProjection, { timeoutMs: 5_000, drive: true });
  }

  /**
   * Each recipient's opaque id, or its error: an address that does not fit the type (H120/H121, as
   * C1), or one the registry never saw (no consent: H401). Never registers a new address.
   */
  async resolve(recipients: readonly string[], type: ConsentType): Promise<(string | DomainError)[]> {
    const addresses = recipients.map((recipient, i) => {
      const address = normaliseRecipient(recipient);
      if (address instanceof DomainError) return new DomainError(address.code, address.message, ['recipients', i]);
      if (type === 'EPOSTA' ? address.kind !== 'email' : address.kind !== 'phone') return consentError(type === 'EPOSTA' ? 'H120' : 'H121', ['recipients', i]);
      return address;
    });
    const usable = addresses.filter((a): a is Exclude<typeof a, DomainError> => !(a instanceof DomainError));
    const ids = await this.vault.findMany(usable);
    let next = 0;
    return addresses.map((address, i) => {
      if (address instanceof DomainError) return address;
      return ids[next++] ?? consentError('H401', ['recipients', i]);
    });
  }

  /**
   * İYS H193 (a code twice) for the request, then H180 (403) for every code that is not a retailer of
   * this brand, with its place in `retailerAccess`. A grant also needs the retailer active (H717).
   */
  async checkRetailers(iysCode: number, brandCode: number, codes: readonly number[], { grant }: { grant: boolean }): Promise<void> {
    const duplicates = codes.flatMap((code, i) => (codes.indexOf(code) !== i ? [iysErrorItem('H193', { params: { field: 'Bayi kod', value: code }, location: ['retailerAccess', i], value: code })] : []));
    if (duplicates.length > 0) throw new IysHttpException(422, duplicates);
    await this.retailersCaughtUp();
    const status = await this.retailers.statusOf(iysCode, brandCode, codes);
    const unknown = codes.flatMap((code, i) => (status.has(code) ? [] : [iysErrorItem('H180', { location: ['retailerAccess', i], value: code })]));
    if (unknown.length > 0) throw new IysHttpException(403, unknown);
    const inactive = grant ? codes.flatMap((code, i) => (status.get(code) === 'active' ? [] : [iysErrorItem('H717', { location: ['retailerAccess', i], value: code })])) : [];
    if (inactive.length > 0) throw new IysHttpException(422, inactive);
  }

  /**
   * A retailer user's own retailer, as long as it exists and is active: deleting or passivating a
   * retailer ends its users' view on their next request (403 H363).
   */
  async activeRetailerOf(principal: Principal): Promise<{ iysCode: number; brandCode: number; retailerCode: number }> {
    const scope = principal.retailer;
    if (principal.role !== 'retailer' || !scope) throw new IysHttpException(403, [iysErrorItem('H363')]);
    await this.retailersCaughtUp();
    const status = await this.retailers.statusOf(scope.iysCode, scope.brandCode, [scope.retailerCode]);
    if (status.get(scope.retailerCode) !== 'active') throw new IysHttpException(403, [iysErrorItem('H363')]);
    return scope;
  }

  /** Decides each change on its consent's current state; the accepted ones are written together (or, `atomic`, all or none). */
  async apply(changes: readonly AccessChange[], context: AccessContext, { atomic = false } = {}): Promise<RegistrationOutcome[]> {
    const outcomes = await decideAndAppend(
      this.store,
      changes.map((change, index) => ({
        streamId: consentStreamId(change.recipientId, context.brandCode, change.type, change.recipientType),
        decider: consentDecider,
        command: {
          type: 'ChangeRetailerAccess',
          mode: change.mode,
          iysCode: context.iysCode,
          brandCode: context.brandCode,
          recipientId: change.recipientId,
          recipientType: change.recipientType,
          consentType: change.type,
          retailerCodes: change.retailerCodes,
        } satisfies ChangeRetailerAccess,
        commandId: context.commandIds?.[index],
        metadata: { actorKind: context.actorKind, actorId: context.actorId, channel: context.channel },
      })),
      { atomic, maxRetries: MAX_CONFLICT_RETRIES },
    );
    return outcomes.map((outcome) =>
      outcome.ok ? { ok: true, transactionId: outcome.result.eventIds[0], creationDate: outcome.result.recordedAt } : outcome,
    );
  }
}
