import { randomBytes } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Clock } from '@iys/platform/building-blocks';
import { handleCommand, PostgresEventStore } from '@iys/platform/event-store';
import { CLOCK } from '@iys/platform/nest';
import { accessError, sessionDecider } from '../../../domain/api-access.deciders.js';
import { actorKind, PasswordLogin, sha256 } from '../../password-login.js';
import { ACCESS_TOKEN_SECONDS, REFRESH_TOKEN_SECONDS, TOKEN_ISSUER, type TokenIssuer } from '../../token-issuer.port.js';
import { ACCOUNTS, type Accounts } from '../../accounts.port.js';
import { sessionStream } from '../../identity-access-streams.js';
import { IssueTokenCommand } from './issue-token.command.js';

/** Exactly İYS's token response (iys-api.md §2.1). */
export interface TokenResponse {
  access_token: string;
  refresh_token: string;
  expires_in: number;
  refresh_expires_in: number;
  token_type: 'bearer';
}

/**
 * `grant_type=password` opens a session; `grant_type=refresh_token` rotates its refresh token.
 * Sessions are events (SessionStarted, SessionRefreshed, SessionRevoked on reuse). The password is
 * checked, throttled and audited by the PasswordLogin every way in shares. No second factor here:
 * İYS's wire contract has none, and API clients keep working unchanged (docs/adr/0055).
 */
@CommandHandler(IssueTokenCommand)
export class IssueTokenHandler implements ICommandHandler<IssueTokenCommand, TokenResponse> {
  constructor(
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(ACCOUNTS) private readonly accounts: Accounts,
    @Inject(TOKEN_ISSUER) private readonly tokens: TokenIssuer,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(PasswordLogin) private readonly login: PasswordLogin,
  ) {}

  async execute({ body, clientAddress }: IssueTokenCommand): Promise<TokenResponse> {
    const grant = body.grant_type;
    if (grant === undefined || grant === null || grant === '') throw accessError('H625', ['grant_type']);
    if (grant !== 'password' && grant !== 'refresh_token') throw accessError('H626', ['grant_type']);
    await this.login.takeRequest(clientAddress);
    if (grant === 'password') return this.passwordGrant(body.username, body.password, clientAddress);
    return this.refreshGrant(body.refresh_token);
  }

  private async passwordGrant(username: unknown, password: unknown, clientAddress: string): Promise<TokenResponse> {
    const user = await this.login.verify(username, password, clientAddress);
    await this.login.succeeded(username as string, clientAddress);
    const { sessionId, refreshToken } = await this.login.startSession(user, 'api');
    return this.respond(user.userId, sessionId, refreshToken);
  }

  private async refreshGrant(refreshToken: unknown): Promise<TokenResponse> {
    if (typeof refreshToken !== 'string' || !refreshToken) throw accessError('H627', ['refresh_token']);
    const presented = sha256(refreshToken);
    const session = await this.accounts.byRefreshToken(presented);
    if (!session || session.disabled) throw accessError('H251');

    const nextToken = randomBytes(32).toString('base64url');
    const { state } = await handleCommand(this.store, sessionDecider, sessionStream(session.sessionId), {
      type: 'RefreshSession',
      presentedTokenHash: presented,
      nextTokenHash: sha256(nextToken),
      refreshExpiresAt: this.inSeconds(REFRESH_TOKEN_SECONDS),
      now: this.clock.now().toISOString(),
    }, { metadata: { actorKind: actorKind(session.role), actorId: session.userId, channel: 'api' } });
    if (state.status !== 'open') throw accessError('H251');
    return this.respond(session.userId, session.sessionId, nextToken);
  }

  private async respond(userId: string, sessionId: string, refreshToken: string): Promise<TokenResponse> {
    const accessToken = await this.tokens.issue({ userId, sessionId });
    return { access_token: accessToken, refresh_token: refreshToken, expires_in: ACCESS_TOKEN_SECONDS, refresh_expires_in: REFRESH_TOKEN_SECONDS, token_type: 'bearer' };
  }

  private inSeconds(seconds: number): string {
    return new Date(this.clock.now().getTime() + seconds * 1000).toISOString();
  }
}
