import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { ConsentContracts } from '@iys/contracts';
import { DomainError, formatIysDateTime } from '@iys/platform/building-blocks';
import { PostgresEventStore, toDomainEvent } from '@iys/platform/event-store';
import { iysErrorItem } from '@iys/platform/nest';
import { PiiVault, type EncryptedValue } from '@iys/platform/pii';
import { consentStreamId } from '../../../domain/consent.decider.js';
import { isStatusEvent, REGISTRY_SOURCES, type ConsentSource, type ConsentStatusEvent } from '../../../domain/consent.events.js';
import { ConsentRegistrar, type PreparedConsent, type RegistrationOutcome } from '../../consent-registrar.js';
import { RecordRecipientDecisionsCommand } from './record-recipient-decisions.command.js';

type Outcome = ConsentContracts.RecipientDecisionOutcome;

/**
 * A recipient approves or rejects consents registered in their name, through the registry (web,
 * mobile, short SMS number, call centre). Origin IYS with the channel's registry source, so the
 * provider learns of it from the change feed (C6, source=IYS) and the daily reconciliation.
 *
 * Only keys the registry holds are decided here: the sealed address is taken from the consent's own
 * last event (the recipient context never handles it), and an unknown key answers H641, as does the
 * key of an erased (crypto-shredded) subject: its stream remains, but the registry no longer holds
 * the consent, and nothing may be written for it again (an old opt-out link must not revive it). The
 * consentDate is the registry's clock: the recipient decides now (see RegistrationContext.decidedNow).
 * Decisions are grouped per brand, each brand's written in one append; every decision carries its
 * own command id, so a retried request returns the first outcomes.
 */
@CommandHandler(RecordRecipientDecisionsCommand)
export class RecordRecipientDecisionsHandler implements ICommandHandler<RecordRecipientDecisionsCommand, Outcome[]> {
  constructor(
    @Inject(ConsentRegistrar) private readonly registrar: ConsentRegistrar,
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(PiiVault) private readonly vault: PiiVault,
  ) {}

  async execute({ decisions }: RecordRecipientDecisionsCommand): Promise<Outcome[]> {
    const outcomes: Outcome[] = new Array(decisions.length);
    const streamIds = decisions.map((d) => consentStreamId(d.recipientId, d.brandCode, d.type, d.recipientType));
    const lastEvents = await this.lastEventsOf(streamIds);
    const erased = await this.erasedOf(decisions.map((d) => d.recipientId));
    const byBrand = new Map<string, { index: number; item: PreparedConsent }[]>();
    decisions.forEach((decision, index) => {
      if (!(REGISTRY_SOURCES as readonly string[]).includes(decision.source)) throw new Error(`a recipient decision needs a registry source, got ${decision.source}`);
      const last = lastEvents.get(streamIds[index]);
      if (!last || erased.has(decision.recipientId.toLowerCase())) {
        outcomes[index] = failure(new DomainError('H641', iysErrorItem('H641').message, ['consent']));
        return;
      }
      const item: PreparedConsent = {
        recipientId: decision.recipientId,
        recipient: last.data.recipient as unknown as EncryptedValue,
        addressKind: decision.type === 'EPOSTA' ? 'email' : 'phone',
        recipientType: decision.recipientType,
        type: decision.type,
        status: decision.status,
        source: decision.source as ConsentSource,
        retailerCode: last.data.retailerCode,
        retailerAccess: last.data.retailerAccess,
      };
      const key = `${last.data.iysCode}:${decision.brandCode}:${decision.actor.kind}:${decision.actor.id}:${decision.actor.channel}`;
      const group = byBrand.get(key);
      if (group) group.push({ index, item });
      else byBrand.set(key, [{ index, item }]);
    });
    for (const group of byBrand.values()) {
      const first = decisions[group[0].index];
      const iysCode = lastEvents.get(streamIds[group[0].index])!.data.iysCode;
      let results: RegistrationOutcome[];
      try {
        results = await this.registrar.apply(
          group.map((g) => g.item),
          {
            iysCode,
            brandCode: first.brandCode,
            origin: 'IYS',
            actorKind: first.actor.kind,
            actorId: first.actor.id,
            channel: first.actor.channel,
            commandIds: group.map((g) => decisions[g.index].commandId),
            decidedNow: true,
          },
        );
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        results = group.map(() => ({ ok: false, error }));
      }
      group.forEach(({ index }, i) => {
        const result = results[i];
        outcomes[index] = result.ok ? { ok: true, transactionId: result.transactionId, creationDate: formatIysDateTime(result.creationDate) } : failure(result.error);
      });
    }
    return outcomes;
  }

  private async erasedOf(recipientIds: string[]): Promise<Set<string>> {
    const ids = [...new Set(recipientIds.map((id) => id.toLowerCase()))];
    const shredded = await Promise.all(ids.map((id) => this.vault.isShredded(id)));
    return new Set(ids.filter((_, i) => shredded[i]));
  }

  /** The last status event of each stream (retailer access events carry no address to reuse). */
  private async lastEventsOf(streamIds: string[]): Promise<Map<string, ConsentStatusEvent>> {
    const histories = await this.store.readStreams([...new Set(streamIds)]);
    const last = new Map<string, ConsentStatusEvent>();
    for (const [streamId, events] of histories) {
      const status = events.findLast(isStatusEvent);
      if (status) last.set(streamId, toDomainEvent<ConsentStatusEvent>(status));
    }
    return last;
  }
}

function failure(error: DomainError): Outcome {
  return { ok: false, code: error.code, message: error.message };
}
