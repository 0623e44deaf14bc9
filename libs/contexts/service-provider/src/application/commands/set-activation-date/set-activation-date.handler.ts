import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type pg from 'pg';
import { handleCommand, PostgresEventStore } from '@iys/platform/event-store';
import { PG_POOL } from '@iys/platform/nest';
import { serviceProviderDecider } from '../../../domain/service-provider.decider.js';
import { providerStreamOf } from '../../provider-stream.lookup.js';
import { SetActivationDateCommand } from './set-activation-date.command.js';

/** After the activation date, consents may be back-dated only 3 business days (iys-api.md Part A 3). */
@CommandHandler(SetActivationDateCommand)
export class SetActivationDateHandler implements ICommandHandler<SetActivationDateCommand, void> {
  constructor(
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(PG_POOL) private readonly pool: pg.Pool,
  ) {}

  async execute({ iysCode, activationDate, setBy }: SetActivationDateCommand): Promise<void> {
    await handleCommand(
      this.store,
      serviceProviderDecider,
      await providerStreamOf(this.pool, iysCode),
      { type: 'SetActivationDate', activationDate: new Date(activationDate).toISOString(), setBy },
      { metadata: { actorKind: 'admin', actorId: setBy, channel: 'admin-api' } },
    );
  }
}
