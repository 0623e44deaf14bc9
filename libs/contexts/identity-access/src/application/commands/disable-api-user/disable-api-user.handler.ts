import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { handleCommand, PostgresEventStore } from '@iys/platform/event-store';
import { accessError, apiUserDecider, sessionDecider } from '../../../domain/api-access.deciders.js';
import { ACCOUNTS, type Accounts } from '../../accounts.port.js';
import { apiUserStream, sessionStream } from '../../identity-access-streams.js';
import { DisableApiUserCommand } from './disable-api-user.command.js';

/** An account is closed: it can no longer log in, and each of its open sessions is revoked. */
@CommandHandler(DisableApiUserCommand)
export class DisableApiUserHandler implements ICommandHandler<DisableApiUserCommand, void> {
  constructor(
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(ACCOUNTS) private readonly accounts: Accounts,
  ) {}

  async execute({ userId, disabledBy }: DisableApiUserCommand): Promise<void> {
    const metadata = { actorKind: 'admin' as const, actorId: disabledBy, channel: 'admin-api' };
    const { state } = await handleCommand(this.store, apiUserDecider, apiUserStream(userId), { type: 'DisableApiUser', disabledBy }, { metadata });
    if (state.status === 'none') throw accessError('H633', ['userId']);
    for (const sessionId of await this.accounts.openSessionsOf(userId)) {
      await handleCommand(this.store, sessionDecider, sessionStream(sessionId), { type: 'RevokeSession', reason: 'user-disabled' }, { metadata });
    }
  }
}
