import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { IdGenerator } from '@iys/platform/building-blocks';
import { handleCommand, PostgresEventStore, streamId } from '@iys/platform/event-store';
import { ID_GENERATOR } from '@iys/platform/nest';
import { integratorDecider } from '../../../domain/integrator.decider.js';
import { REGISTRY_CODES, type RegistryCodes } from '../../registry-codes.port.js';
import { RegisterIntegratorCommand } from './register-integrator.command.js';

/** The registry licenses an integrator (iş ortağı) and issues its integratorCode. */
@CommandHandler(RegisterIntegratorCommand)
export class RegisterIntegratorHandler implements ICommandHandler<RegisterIntegratorCommand, { integratorCode: number }> {
  constructor(
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(REGISTRY_CODES) private readonly codes: RegistryCodes,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  async execute({ title, registeredBy }: RegisterIntegratorCommand): Promise<{ integratorCode: number }> {
    const integratorId = this.ids.next();
    const integratorCode = await this.codes.nextIntegratorCode();
    await handleCommand(this.store, integratorDecider, streamId('integrator', integratorId), { type: 'RegisterIntegrator', integratorId, integratorCode, title }, {
      metadata: { actorKind: 'admin', actorId: registeredBy, channel: 'admin-api' },
    });
    return { integratorCode };
  }
}
