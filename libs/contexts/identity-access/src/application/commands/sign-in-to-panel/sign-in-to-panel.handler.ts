import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Clock, Role } from '@iys/platform/building-blocks';
import { handleCommand, PostgresEventStore } from '@iys/platform/event-store';
import { CLOCK } from '@iys/platform/nest';
import { secondFactorError, totpDecider } from '../../../domain/second-factor.deciders.js';
import { totpStream } from '../../identity-access-streams.js';
import { actorKind, PasswordLogin } from '../../password-login.js';
import { SecondFactor, type TotpEnrolment } from '../../second-factor.js';
import { TOKEN_ISSUER, type TokenIssuer } from '../../token-issuer.port.js';
import { SignInToPanelCommand } from './sign-in-to-panel.command.js';

export type PanelSignIn =
  | { kind: 'signed-in'; userId: string; sessionId: string; accessToken: string; role: Role; iysCode: number | null; integratorCode: number | null }
  /** The provider requires a second factor the user has not set up: scan this, then sign in again with its code. */
  | ({ kind: 'enrol' } & TotpEnrolment);

/**
 * The panel's sign-in: the password as İYS's token endpoint checks it (one throttle, one audit), then
 * the second factor when the user has one or the provider requires it. A missing or wrong code counts
 * as a failed login. The session is an ordinary API session (SessionStarted, channel `web`).
 */
@CommandHandler(SignInToPanelCommand)
export class SignInToPanelHandler implements ICommandHandler<SignInToPanelCommand, PanelSignIn> {
  constructor(
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(PasswordLogin) private readonly login: PasswordLogin,
    @Inject(SecondFactor) private readonly factors: SecondFactor,
    @Inject(TOKEN_ISSUER) private readonly tokens: TokenIssuer,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ username, password, code, clientAddress }: SignInToPanelCommand): Promise<PanelSignIn> {
    await this.login.takeRequest(clientAddress);
    const user = await this.login.verify(username, password, clientAddress);
    const name = username as string;
    const metadata = { actorKind: actorKind(user.role), actorId: user.userId, channel: 'web' };
    const state = await this.factors.stateOf(user.userId);
    const required = await this.factors.requiredFor(user.iysCode);
    const given = code?.trim() ? code.trim() : undefined;

    if (state.status === 'on' || (state.status === 'pending' && given !== undefined)) {
      if (given === undefined) {
        await this.login.failed(name, clientAddress, user);
        throw secondFactorError('H830');
      }
      const step = await this.factors.stepOf(state, given);
      if (step === undefined) {
        await this.login.failed(name, clientAddress, user);
        throw secondFactorError('H831');
      }
      const at = this.clock.now().toISOString();
      const command = state.status === 'on' ? ({ type: 'AcceptTotpCode', userId: user.userId, step, at } as const) : ({ type: 'ConfirmTotpEnrolment', userId: user.userId, step, at } as const);
      try {
        await handleCommand(this.store, totpDecider, totpStream(user.userId), command, { metadata });
      } catch (error) {
        await this.login.failed(name, clientAddress, user);
        throw error;
      }
    } else if (required) {
      return { kind: 'enrol', ...(await this.factors.startEnrolment(user.userId, metadata)) };
    }
    await this.login.succeeded(name, clientAddress);
    const { sessionId } = await this.login.startSession(user, 'web');
    const accessToken = await this.tokens.issue({ userId: user.userId, sessionId });
    return { kind: 'signed-in', userId: user.userId, sessionId, accessToken, role: user.role, iysCode: user.iysCode, integratorCode: user.integratorCode };
  }
}
