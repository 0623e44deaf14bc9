import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ServiceProviderContracts } from '@iys/contracts';
import type { IdGenerator } from '@iys/platform/building-blocks';
import { handleCommand, PostgresEventStore } from '@iys/platform/event-store';
import { ID_GENERATOR } from '@iys/platform/nest';
import { accessError, apiUserDecider } from '../../../domain/api-access.deciders.js';
import { hashPassword } from '../../password-hashing.js';
import { apiUserStream } from '../../identity-access-streams.js';
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
    @Inject(ServiceProviderContracts.ACCESS_SCOPES) private readonly scopes: ServiceProviderContracts.AccessScopesPort,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  async execute(command: CreateApiUserCommand): Promise<string> {
    if (command.password.length < MIN_PASSWORD_LENGTH) throw accessError('H623', ['password']);
    // The provider and integrator are the service-provider context's: it is asked, not read.
    if (command.iysCode !== null && !(await this.scopes.providerExists(command.iysCode))) throw accessError('H624', ['iysCode']);
    if (command.integratorCode !== null && !(await this.scopes.integratorExists(command.integratorCode))) throw accessError('H629', ['integratorCode']);
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
