import { ProjectionRunner } from '@iys/platform/event-store';
import { RECIPIENT_RECORDS, type RecipientRecords } from './recipient-records.port.js';
import { recipientBrandsProjection } from './projections/recipient-brands.projection.js';
import { Inject, Injectable } from '@nestjs/common';
import { ConsentContracts } from '@iys/contracts';
import { DomainError, type IdGenerator, type RecipientPrincipal } from '@iys/platform/building-blocks';
import { ID_GENERATOR } from '@iys/platform/nest';
import { formatConsentReference, type ConsentReference } from '../domain/consent-reference.js';
import { recipientError } from '../domain/recipient.errors.js';
import { RecipientAccounts } from './identity/recipient-accounts.js';

/** A consent as a recipient sees it: who (provider, brand), what, since when, through which source. */
export interface VisibleConsent extends ConsentContracts.RecipientConsent {
  consentId: string;
  providerTitle: string | null;
  brandName: string | null;
}

/** Who decides, and through which of the registry's channels. */
export interface DecisionChannel {
  source: 'IYS_WEB' | 'IYS_MOBIL' | 'IYS_KISAMESAJ' | 'IYS_CM' | 'IYS_EPOSTA';
  actor: ConsentContracts.RecipientDecision['actor'];
}

export interface DecisionResult {
  consentId: string;
  status: 'ONAY' | 'RET';
  transactionId: string;
  creationDate: string;
}

/**
 * The recipient's side of the consent registry, always through the consent context's published
 * port and always scoped to addresses the caller proved: the one place where "a recipient token only
 * ever reaches the consents of its verified addresses" is enforced for every channel.
 */
@Injectable()
export class RecipientConsentService {
  constructor(
    @Inject(ConsentContracts.RECIPIENT_CONSENTS) private readonly consents: ConsentContracts.RecipientConsentsPort,
    @Inject(RecipientAccounts) private readonly accounts: RecipientAccounts,
    @Inject(RECIPIENT_RECORDS) private readonly records: RecipientRecords,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
    @Inject(ProjectionRunner) private readonly runner: ProjectionRunner,
  ) {}

  /** The channel of a signed-in caller: the web or app they name, or the call centre when an agent acts. */
  channelOf(principal: RecipientPrincipal, source: 'IYS_WEB' | 'IYS_MOBIL' = 'IYS_WEB'): DecisionChannel {
    if (principal.agentId) return { source: 'IYS_CM', actor: { kind: 'call-centre-agent', id: principal.agentId, channel: 'call-centre' } };
    return { source, actor: { kind: 'recipient', id: principal.accountId, channel: source === 'IYS_MOBIL' ? 'mobile' : 'web' } };
  }

  async recipientIdsOf(accountId: string): Promise<string[]> {
    return (await this.accounts.addressesOf(accountId)).map((address) => address.recipientId);
  }

  /** Every consent of the given addresses, with provider and brand names. */
  async list(recipientIds: readonly string[]): Promise<VisibleConsent[]> {
    if (recipientIds.length === 0) return [];
    const consents = await this.consents.consentsOf(recipientIds);
    const codes = [...new Set(consents.map((c) => c.brandCode))];
    // recipient.brands is async (service-provider's events): a brand not there yet is read again once caught up.
    const read = async () => {
      const rows = await this.records.brandNames(codes);
      return rows.length === codes.length ? rows : undefined;
    };
    const rows = (await this.runner.readCaughtUp(recipientBrandsProjection, read)) ?? [];
    const brands = new Map(rows.map((row) => [row.brandCode, row]));
    return consents.map((consent) => ({
      ...consent,
      consentId: formatConsentReference(consent),
      providerTitle: brands.get(consent.brandCode)?.providerTitle ?? null,
      brandName: brands.get(consent.brandCode)?.brandName ?? null,
    }));
  }

  /** The history of one of the caller's consents; H665 when it is not theirs or does not exist. */
  async history(recipientIds: readonly string[], key: ConsentReference): Promise<ConsentContracts.RecipientConsentHistoryEntry[]> {
    if (!recipientIds.includes(key.recipientId)) throw recipientError('H665', ['consentId']);
    const history = await this.consents.historyOf(key);
    if (history.length === 0) throw recipientError('H665', ['consentId']);
    return history;
  }

  /** One decision on one of the caller's consents; its refusal (e.g. H174 already RET) is the answer. */
  async decideOne(recipientIds: readonly string[], key: ConsentReference, status: 'ONAY' | 'RET', channel: DecisionChannel, commandId?: string): Promise<DecisionResult> {
    if (!recipientIds.includes(key.recipientId)) throw recipientError('H665', ['consentId']);
    const [result] = await this.decideMany([key], status, channel, commandId ? [commandId] : undefined);
    if ('error' in result) throw result.error;
    return result;
  }

  /**
   * RET for every ONAY among `candidates` that matches `filter` (one brand, one channel, or all).
   * Consents already RET are left as they are; each decision is written once (command ids).
   */
  async rejectAll(recipientIds: readonly string[], filter: (consent: VisibleConsent) => boolean, channel: DecisionChannel, commandIdPrefix?: string): Promise<{
    rejected: DecisionResult[];
    matched: number;
  }> {
    const matching = (await this.list(recipientIds)).filter(filter);
    const approved = matching.filter((consent) => consent.status === 'ONAY');
    const commandIds = commandIdPrefix ? approved.map((consent) => `${commandIdPrefix}:${consent.consentId}`) : undefined;
    const results = await this.decideMany(approved, 'RET', channel, commandIds);
    return { rejected: results.filter((r): r is DecisionResult => !('error' in r)), matched: matching.length };
  }

  private async decideMany(
    keys: readonly ConsentReference[],
    status: 'ONAY' | 'RET',
    channel: DecisionChannel,
    commandIds?: readonly string[],
  ): Promise<(DecisionResult | { error: DomainError })[]> {
    if (keys.length === 0) return [];
    const outcomes = await this.consents.decide(
      keys.map((key, index) => ({
        recipientId: key.recipientId,
        brandCode: key.brandCode,
        type: key.type,
        recipientType: key.recipientType,
        status,
        source: channel.source,
        actor: channel.actor,
        commandId: commandIds?.[index] ?? `recipient-decision:${this.ids.next().toLowerCase()}`,
      })),
    );
    return outcomes.map((outcome, index) => {
      const consentId = formatConsentReference(keys[index]);
      if (outcome.ok) return { consentId, status, transactionId: outcome.transactionId, creationDate: outcome.creationDate };
      // The consent context's own code and text (H174, H641…); it renders with the code's registered status.
      return { error: new DomainError(outcome.code, outcome.message, ['status']) };
    });
  }
}
