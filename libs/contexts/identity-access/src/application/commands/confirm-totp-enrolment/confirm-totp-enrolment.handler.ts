import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Clock } from '@iys/platform/building-blocks';
import { handleCommand, PostgresEventStore } from '@iys/platform/event-store';
import { CLOCK } from '@iys/platform/nest';
import { secondFactorError, totpDecider } from '../../../domain/second-factor.deciders.js';
import { totpStream } from '../../identity-access-streams.js';
import { actorKind } from '../../password-login.js';
import { SecondFactor } from '../../second-factor.js';
import { ConfirmTotpEnrolmentCommand } from './confirm-totp-enrolment.command.js';

@CommandHandler(ConfirmTotpEnrolmentCommand)
export class ConfirmTotpEnrolmentHandler implements ICommandHandler<ConfirmTotpEnrolmentCommand, void> {
  constructor(
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(SecondFactor) private readonly factors: SecondFactor,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ principal, code }: ConfirmTotpEnrolmentCommand): Promise<void> {
    const state = await this.factors.stateOf(principal.userId);
    if (state.status !== 'pending') throw secondFactorError(state.status === 'on' ? 'H833' : 'H832');
    const step = await this.factors.stepOf(state, code.trim());
    if (step === undefined) throw secondFactorError('H831');
    await handleCommand(this.store, totpDecider, totpStream(principal.userId), { type: 'ConfirmTotpEnrolment', userId: principal.userId, step, at: this.clock.now().toISOString() }, {
      metadata: { actorKind: actorKind(principal.role), actorId: principal.userId, channel: 'web' },
    });
  }
}
