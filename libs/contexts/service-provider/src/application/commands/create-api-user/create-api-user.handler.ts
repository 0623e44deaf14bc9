import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type pg from 'pg';
import type { IdGenerator } from '@iys/platform/building-blocks';
import { handleCommand, PostgresEventStore } from '@iys/platform/event-store';
import { ID_GENERATOR, PG_POOL } from '@iys/platform/nest';
import { accessError, apiUserDecider } from '../../../domain/api-access.deciders.js';
import { hashPassword } from '../../../infrastructure/auth/password-hasher.js';
import { apiUserStream } from '../../service-provider-streams.js';
import { CreateApiUserCommand } from './create-api-user.command.js';

const MIN_PASSWORD_LENGTH = 12;

/**
 * An administrator creates an account. The user name is unique through the inline users
 * projection's index (docs/adr/0011): a duplicate aborts the very append that would create it.
 */
@CommandHandler(CreateApiUserCommand)
export class CreateApiUserHandler implements ICommandHandler<CreateApiUserCommand, string> {
  constructor(
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  async execute(command: CreateApiUserCommand): Promise<string> {
    if (command.password.length < MIN_PASSWORD_LENGTH) throw accessError('H623', ['password']);
    if (command.iysCode !== null) {
      const { rowCount } = await this.pool.query('SELECT 1 FROM service_provider.providers WHERE iys_code = $1', [command.iysCode]);
      if (rowCount === 0) throw accessError('H624', ['iysCode']);
    }
    if (command.integratorCode !== null) {
      const { rowCount } = await this.pool.query('SELECT 1 FROM service_provider.integrators WHERE integrator_code = $1', [command.integratorCode]);
      if (rowCount === 0) throw accessError('H629', ['integratorCode']);
    }
    const userId = this.ids.next();
    try {
      await handleCommand(
        this.store,
        apiUserDecider,
        apiUserStream(userId),
        {
          type: 'CreateApiUser',
          userId,
          username: command.username,
          role: command.role,
          iysCode: command.iysCode,
          integratorCode: command.integratorCode,
          ...(command.operatorCode !== null ? { operatorCode: command.operatorCode } : {}),
          allowedIps: command.allowedIps,
          retailer: command.retailer,
          passwordHash: await hashPassword(command.password),
          createdBy: command.createdBy,
        },
        { metadata: { actorKind: 'admin', actorId: command.createdBy, channel: 'admin-api' } },
      );
    } catch (error) {
      if ((error as { constraint?: string }).constraint === 'users_username_unique') throw accessError('H621', ['username']);
      throw error;
    }
    return userId;
  }
}
