import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { actorKind } from '../../password-login.js';
import { SecondFactor, type TotpEnrolment } from '../../second-factor.js';
import { StartTotpEnrolmentCommand } from './start-totp-enrolment.command.js';

@CommandHandler(StartTotpEnrolmentCommand)
export class StartTotpEnrolmentHandler implements ICommandHandler<StartTotpEnrolmentCommand, TotpEnrolment> {
  constructor(@Inject(SecondFactor) private readonly factors: SecondFactor) {}

  execute({ principal }: StartTotpEnrolmentCommand): Promise<TotpEnrolment> {
    return this.factors.startEnrolment(principal.userId, { actorKind: actorKind(principal.role), actorId: principal.userId, channel: 'web' });
  }
}
