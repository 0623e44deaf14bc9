import { Inject, Injectable } from '@nestjs/common';
import { foldEvents } from '@iys/platform/building-blocks';
import { PostgresEventStore, toDomainEvent } from '@iys/platform/event-store';
import { agreementDecider, type AgreementEvent, type AgreementState } from '../domain/agreement.decider.js';
import { agreementStreamId } from './reconciliation-streams.js';
import type { ReportScopeOf } from '../domain/report-day.js';

/** The agreement of a brand's day, read from its own stream (one event at most: no read model needed). */
@Injectable()
export class AgreementStore {
  constructor(@Inject(PostgresEventStore) private readonly store: PostgresEventStore) {}

  async stateOf(scope: ReportScopeOf): Promise<AgreementState> {
    const events = await this.store.readStream(agreementStreamId(scope.iysCode, scope.brandCode, scope.day));
    return foldEvents(agreementDecider, events.map((event) => toDomainEvent<AgreementEvent>(event)));
  }
}
