import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DomainError, type Clock } from '@iys/platform/building-blocks';
import { handleCommand, PostgresEventStore } from '@iys/platform/event-store';
import { CLOCK, iysCodeEntry } from '@iys/platform/nest';
import { totpPolicyDecider } from '../../../domain/second-factor.deciders.js';
import { totpPolicyStream } from '../../identity-access-streams.js';
import { actorKind } from '../../password-login.js';
import { SecondFactor } from '../../second-factor.js';
import { SetProviderTotpRequirementCommand } from './set-provider-totp-requirement.command.js';

@CommandHandler(SetProviderTotpRequirementCommand)
export class SetProviderTotpRequirementHandler implements ICommandHandler<SetProviderTotpRequirementCommand, void> {
  constructor(
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(SecondFactor) private readonly factors: SecondFactor,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ iysCode, required, principal }: SetProviderTotpRequirementCommand): Promise<void> {
    const byAdmin = principal.role === 'admin';
    // Only the provider's own users decide for it; an integrator acting for it does not.
    if (!byAdmin && !(principal.role === 'provider' && principal.iysCode === iysCode)) throw new DomainError('H363', iysCodeEntry('H363').message);
    const actorHasTotp = (await this.factors.stateOf(principal.userId)).status === 'on';
    await handleCommand(
      this.store,
      totpPolicyDecider,
      totpPolicyStream(iysCode),
      { type: 'SetTotpRequirement', iysCode, required, setBy: principal.userId, byAdmin, actorHasTotp, at: this.clock.now().toISOString() },
      { metadata: { actorKind: actorKind(principal.role), actorId: principal.userId, channel: 'web' } },
    );
  }
}
