import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Clock } from '@iys/platform/building-blocks';
import { handleCommand, PostgresEventStore } from '@iys/platform/event-store';
import { CLOCK } from '@iys/platform/nest';
import { accessError } from '../../../domain/api-access.deciders.js';
import { totpDecider } from '../../../domain/second-factor.deciders.js';
import { ACCOUNTS, type Accounts } from '../../accounts.port.js';
import { totpStream } from '../../identity-access-streams.js';
import { actorKind } from '../../password-login.js';
import { SecondFactor } from '../../second-factor.js';
import { DisableTotpCommand } from './disable-totp.command.js';

@CommandHandler(DisableTotpCommand)
export class DisableTotpHandler implements ICommandHandler<DisableTotpCommand, void> {
  constructor(
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(SecondFactor) private readonly factors: SecondFactor,
    @Inject(ACCOUNTS) private readonly accounts: Accounts,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ userId, principal }: DisableTotpCommand): Promise<void> {
    const byAdmin = principal.role === 'admin';
    if (!byAdmin && principal.userId !== userId) throw accessError('H633', ['userId']);
    const account = await this.accounts.byUserId(userId);
    if (!account) throw accessError('H633', ['userId']);
    const enforced = await this.factors.requiredFor(account.iysCode);
    const { state } = await handleCommand(
      this.store,
      totpDecider,
      totpStream(userId),
      { type: 'DisableTotp', userId, by: principal.userId, enforced, byAdmin, at: this.clock.now().toISOString() },
      { metadata: { actorKind: actorKind(principal.role), actorId: principal.userId, channel: 'web' } },
    );
    if (state.status === 'off' && state.enrolmentId) await this.factors.forget(state.enrolmentId);
  }
}
