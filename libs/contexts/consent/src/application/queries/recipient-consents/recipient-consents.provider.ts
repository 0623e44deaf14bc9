import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { SqlExecutor } from '@iys/platform/database';
import type { ConsentContracts } from '@iys/contracts';
import { PostgresEventStore, toDomainEvent } from '@iys/platform/event-store';
import { REPLICA_READS } from '@iys/platform/nest';
import { consentStreamId } from '../../../domain/consent.decider.js';
import { isStatusEvent, type ConsentStatusEvent } from '../../../domain/consent.events.js';
import { RecordRecipientDecisionsCommand } from '../../commands/record-recipient-decisions/record-recipient-decisions.command.js';

interface CurrentConsentRow {
  iys_code: number;
  brand_code: number;
  recipient_id: string;
  recipient_type: ConsentContracts.RecipientTypeValue;
  type: ConsentContracts.ConsentTypeValue;
  status: ConsentContracts.ConsentStatusValue;
  source: string;
  consent_date: Date;
  creation_date: Date;
  transaction_id: string;
}

/**
 * Serves the published RecipientConsents port: a recipient's consents from the current-consent read
 * model, one consent's history from its stream, and decisions through the command bus.
 */
@Injectable()
export class RecipientConsentsProvider implements ConsentContracts.RecipientConsentsPort {
  constructor(
    // A replica on the recipient's read screens (ADR 0047); the primary for every decision.
    @Inject(REPLICA_READS) private readonly pool: SqlExecutor,
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(CommandBus) private readonly commands: CommandBus,
  ) {}

  async consentsOf(recipientIds: readonly string[]): Promise<ConsentContracts.RecipientConsent[]> {
    const { rows } = await this.pool.query<CurrentConsentRow>(
      `SELECT iys_code, brand_code, recipient_id, recipient_type, type, status, source, consent_date, creation_date, transaction_id
         FROM consent.current_consent WHERE recipient_id = ANY($1::uuid[])
        ORDER BY creation_date DESC, brand_code, type, recipient_type`,
      [recipientIds],
    );
    return rows.map((row) => ({
      iysCode: row.iys_code,
      brandCode: row.brand_code,
      recipientId: row.recipient_id,
      recipientType: row.recipient_type,
      type: row.type,
      status: row.status,
      source: row.source,
      consentDate: row.consent_date.toISOString(),
      creationDate: row.creation_date.toISOString(),
      transactionId: row.transaction_id,
    }));
  }

  async historyOf(key: ConsentContracts.ConsentKey): Promise<ConsentContracts.RecipientConsentHistoryEntry[]> {
    const events = await this.store.readStream(consentStreamId(key.recipientId, key.brandCode, key.type, key.recipientType), { executor: this.pool });
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
