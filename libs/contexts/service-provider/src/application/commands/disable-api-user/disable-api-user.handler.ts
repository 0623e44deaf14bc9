import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type pg from 'pg';
import { handleCommand, PostgresEventStore } from '@iys/platform/event-store';
import { PG_POOL } from '@iys/platform/nest';
import { accessError, apiUserDecider, sessionDecider } from '../../../domain/api-access.deciders.js';
import { apiUserStream, sessionStream } from '../../service-provider-streams.js';
import { DisableApiUserCommand } from './disable-api-user.command.js';

/** An account is closed: it can no longer log in, and each of its open sessions is revoked. */
@CommandHandler(DisableApiUserCommand)
export class DisableApiUserHandler implements ICommandHandler<DisableApiUserCommand, void> {
  constructor(
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(PG_POOL) private readonly pool: pg.Pool,
  ) {}

  async execute({ userId, disabledBy }: DisableApiUserCommand): Promise<void> {
    const metadata = { actorKind: 'admin' as const, actorId: disabledBy, channel: 'admin-api' };
    const { state } = await handleCommand(this.store, apiUserDecider, apiUserStream(userId), { type: 'DisableApiUser', disabledBy }, { metadata });
    if (state.status === 'none') throw accessError('H633', ['userId']);
    const { rows } = await this.pool.query<{ session_id: string }>(
      'SELECT session_id FROM service_provider.sessions WHERE user_id = $1 AND revoked_reason IS NULL',
      [userId],
    );
    for (const { session_id } of rows) {
      await handleCommand(this.store, sessionDecider, sessionStream(session_id), { type: 'RevokeSession', reason: 'user-disabled' }, { metadata });
    }
  }
}
