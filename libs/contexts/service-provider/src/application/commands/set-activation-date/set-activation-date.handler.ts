import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type pg from 'pg';
import { handleCommand, PostgresEventStore } from '@iys/platform/event-store';
import { PG_POOL } from '@iys/platform/nest';
import { serviceProviderDecider } from '../../../domain/service-provider.decider.js';
import { serviceProviderError } from '../../../domain/service-provider.errors.js';
import { serviceProviderStream } from '../../service-provider-streams.js';
import { SetActivationDateCommand } from './set-activation-date.command.js';

/** After the activation date, consents may be back-dated only 3 business days (iys-api.md Part A 3). */
@CommandHandler(SetActivationDateCommand)
export class SetActivationDateHandler implements ICommandHandler<SetActivationDateCommand, void> {
  constructor(
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(PG_POOL) private readonly pool: pg.Pool,
  ) {}

  async execute({ iysCode, activationDate, setBy }: SetActivationDateCommand): Promise<void> {
    const { rows } = await this.pool.query<{ application_id: string }>('SELECT application_id FROM service_provider.providers WHERE iys_code = $1', [iysCode]);
    if (rows.length === 0) throw serviceProviderError('H616', ['iysCode']);
    await handleCommand(
      this.store,
      serviceProviderDecider,
      serviceProviderStream(rows[0].application_id),
      { type: 'SetActivationDate', activationDate: new Date(activationDate).toISOString(), setBy },
      { metadata: { actorKind: 'admin', actorId: setBy, channel: 'admin-api' } },
    );
  }
}
