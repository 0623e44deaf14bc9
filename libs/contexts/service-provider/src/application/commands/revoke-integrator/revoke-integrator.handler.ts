import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type pg from 'pg';
import { handleCommand, PostgresEventStore } from '@iys/platform/event-store';
import { PG_POOL } from '@iys/platform/nest';
import { serviceProviderDecider } from '../../../domain/service-provider.decider.js';
import { providerStreamOf } from '../../provider-stream.lookup.js';
import { RevokeIntegratorCommand } from './revoke-integrator.command.js';

@CommandHandler(RevokeIntegratorCommand)
export class RevokeIntegratorHandler implements ICommandHandler<RevokeIntegratorCommand, void> {
  constructor(
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(PG_POOL) private readonly pool: pg.Pool,
  ) {}

  async execute(command: RevokeIntegratorCommand): Promise<void> {
    await handleCommand(
      this.store,
      serviceProviderDecider,
      await providerStreamOf(this.pool, command.iysCode),
      { type: 'RevokeIntegrator', integratorCode: command.integratorCode },
      { metadata: { actorKind: 'service-provider', actorId: command.actorId, channel: 'api' } },
    );
  }
}
