import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Clock } from '@iys/platform/building-blocks';
import { handleCommand, PostgresEventStore } from '@iys/platform/event-store';
import { CLOCK } from '@iys/platform/nest';
import { authorityScopeDecider, authorityScopeStreamId } from '../../../domain/authority-scope.decider.js';
import { AssignAuthorityScopeCommand } from './assign-authority-scope.command.js';

@CommandHandler(AssignAuthorityScopeCommand)
export class AssignAuthorityScopeHandler implements ICommandHandler<AssignAuthorityScopeCommand, { userId: string; scope: string; province: number | null }> {
  constructor(
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ admin, userId, province }: AssignAuthorityScopeCommand) {
    const id = userId.toLowerCase();
    await handleCommand(this.store, authorityScopeDecider, authorityScopeStreamId(id), { userId: id, province, byUserId: admin.userId, now: this.clock.now().toISOString() }, {
      metadata: { actorKind: 'admin', actorId: admin.userId, channel: 'api' },
    });
    return { userId: id, scope: province === null ? 'MINISTRY' : 'PROVINCE', province };
  }
}
