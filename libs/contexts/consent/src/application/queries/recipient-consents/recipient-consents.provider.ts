import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { ConsentContracts } from '@iys/contracts';
import { PostgresEventStore, toDomainEvent } from '@iys/platform/event-store';
import { REPLICA_READS, type ReplicaReads } from '@iys/platform/nest';
import { consentStreamId } from '../../../domain/consent.decider.js';
import { isStatusEvent, type ConsentStatusEvent } from '../../../domain/consent.events.js';
import { CURRENT_CONSENT_READS, type CurrentConsentReads } from '../../current-consent-reads.port.js';
import { RecordRecipientDecisionsCommand } from '../../commands/record-recipient-decisions/record-recipient-decisions.command.js';

/**
 * Serves the published RecipientConsents port: a recipient's consents from the current-consent read
 * model, one consent's history from its stream, and decisions through the command bus.
 */
@Injectable()
export class RecipientConsentsProvider implements ConsentContracts.RecipientConsentsPort {
  constructor(
    @Inject(CURRENT_CONSENT_READS) private readonly reads: CurrentConsentReads,
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(CommandBus) private readonly commands: CommandBus,
    // A consent's history on the recipient's read screens: a hot standby there (ADR 0047).
    @Inject(REPLICA_READS) private readonly replica: ReplicaReads,
  ) {}

  async consentsOf(recipientIds: readonly string[]): Promise<ConsentContracts.RecipientConsent[]> {
    return this.reads.consentsOf(recipientIds);
  }

  async historyOf(key: ConsentContracts.ConsentKey): Promise<ConsentContracts.RecipientConsentHistoryEntry[]> {
    const events = await this.store.readStream(consentStreamId(key.recipientId, key.brandCode, key.type, key.recipientType), { executor: this.replica });
    return events.filter(isStatusEvent).map((recorded) => {
      const event = toDomainEvent<ConsentStatusEvent>(recorded);
      return {
        transactionId: recorded.eventId,
        status: event.type === 'consent.ConsentApproved' ? 'ONAY' : 'RET',
        source: event.data.source,
        origin: event.data.origin,
        consentDate: event.data.consentDate,
        creationDate: recorded.recordedAt.toISOString(),
        actorKind: recorded.metadata.actorKind ?? 'unknown',
        channel: recorded.metadata.channel ?? 'unknown',
      };
    });
  }

  decide(decisions: readonly ConsentContracts.RecipientDecision[]): Promise<ConsentContracts.RecipientDecisionOutcome[]> {
    return this.commands.execute(new RecordRecipientDecisionsCommand(decisions));
  }
}
