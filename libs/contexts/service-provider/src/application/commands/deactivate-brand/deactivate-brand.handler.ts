import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type pg from 'pg';
import { handleCommand, PostgresEventStore } from '@iys/platform/event-store';
import { PG_POOL } from '@iys/platform/nest';
import { serviceProviderDecider } from '../../../domain/service-provider.decider.js';
import { providerStreamOf } from '../../provider-stream.lookup.js';
import { DeactivateBrandCommand } from './deactivate-brand.command.js';

/** A brand stops being used; its consents stay in the registry as history. The master brand cannot go. */
@CommandHandler(DeactivateBrandCommand)
export class DeactivateBrandHandler implements ICommandHandler<DeactivateBrandCommand, void> {
  constructor(
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(PG_POOL) private readonly pool: pg.Pool,
  ) {}

  async execute({ iysCode, brandCode, deactivatedBy }: DeactivateBrandCommand): Promise<void> {
    await handleCommand(this.store, serviceProviderDecider, await providerStreamOf(this.pool, iysCode), { type: 'DeactivateBrand', brandCode }, {
      metadata: { actorKind: 'admin', actorId: deactivatedBy, channel: 'admin-api' },
    });
  }
}
