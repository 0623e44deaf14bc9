import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type pg from 'pg';
import { handleCommand, PostgresEventStore } from '@iys/platform/event-store';
import { PG_POOL } from '@iys/platform/nest';
import { serviceProviderDecider } from '../../../domain/service-provider.decider.js';
import { serviceProviderError } from '../../../domain/service-provider.errors.js';
import { providerStreamOf } from '../../provider-stream.lookup.js';
import { AuthoriseIntegratorCommand } from './authorise-integrator.command.js';

/** A provider lets an integrator act for it on some brands and consent types, with or without reconciliation. */
@CommandHandler(AuthoriseIntegratorCommand)
export class AuthoriseIntegratorHandler implements ICommandHandler<AuthoriseIntegratorCommand, void> {
  constructor(
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(PG_POOL) private readonly pool: pg.Pool,
  ) {}

  async execute(command: AuthoriseIntegratorCommand): Promise<void> {
    const { rowCount } = await this.pool.query('SELECT 1 FROM service_provider.integrators WHERE integrator_code = $1', [command.integratorCode]);
    if (rowCount === 0) throw serviceProviderError('H630', ['integratorCode']);
    await handleCommand(
      this.store,
      serviceProviderDecider,
      await providerStreamOf(this.pool, command.iysCode),
      {
        type: 'AuthoriseIntegrator',
        integratorCode: command.integratorCode,
        brandCodes: command.brandCodes,
        types: command.types,
        agreementControl: command.agreementControl,
      },
      { metadata: { actorKind: 'service-provider', actorId: command.actorId, channel: 'api' } },
    );
  }
}
