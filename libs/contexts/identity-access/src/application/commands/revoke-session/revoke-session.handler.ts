import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { handleCommand, PostgresEventStore } from '@iys/platform/event-store';
import { sessionDecider } from '../../../domain/api-access.deciders.js';
import { sessionStream } from '../../identity-access-streams.js';
import { RevokeSessionCommand } from './revoke-session.command.js';

/** Logout: the session's access and refresh tokens stop working at once. */
@CommandHandler(RevokeSessionCommand)
export class RevokeSessionHandler implements ICommandHandler<RevokeSessionCommand, void> {
  constructor(@Inject(PostgresEventStore) private readonly store: PostgresEventStore) {}

  async execute({ sessionId, userId }: RevokeSessionCommand): Promise<void> {
    await handleCommand(this.store, sessionDecider, sessionStream(sessionId), { type: 'RevokeSession', reason: 'logout' }, {
      metadata: { actorKind: 'system', actorId: userId, channel: 'api' },
    });
  }
}
