import { createHash, randomBytes } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DomainError, isSafeText, istanbulDay, type Clock, type IdGenerator, type Role } from '@iys/platform/building-blocks';
import type { AppConfig } from '@iys/platform/config';
import { handleCommand, PostgresEventStore } from '@iys/platform/event-store';
import { APP_CONFIG, CLOCK, ID_GENERATOR, iysCodeEntry, PROCESS_GROUP, ProcessGroup, type SharedRateLimiter } from '@iys/platform/nest';
import { accessError, loginAuditDecider, sessionDecider } from '../../../domain/api-access.deciders.js';
import { LoginThrottle } from '../../login-throttle.js';
import { DECOY_PASSWORD_HASH, verifyPassword } from '../../password-hashing.js';
import { ACCESS_TOKEN_SECONDS, REFRESH_TOKEN_SECONDS, TOKEN_ISSUER, type TokenIssuer } from '../../token-issuer.port.js';
import { ACCOUNTS, type Accounts } from '../../accounts.port.js';
import { loginAuditStream, sessionStream } from '../../identity-access-streams.js';
import { IssueTokenCommand } from './issue-token.command.js';

/** Exactly İYS's token response (iys-api.md §2.1). */
export interface TokenResponse {
  access_token: string;
  refresh_token: string;
  expires_in: number;
  refresh_expires_in: number;
  token_type: 'bearer';
}

const HOUR_MS = 3_600_000;
const tooManyRequests = () => new DomainError('H084', iysCodeEntry('H084').message);
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * `grant_type=password` opens a session; `grant_type=refresh_token` rotates its refresh token.
 * Sessions are events (SessionStarted, SessionRefreshed, SessionRevoked on reuse). Failed passwords
 * are counted by the LoginThrottle, shared by the machine's API processes (docs/adr/0058); only a user name's first failure of each window is
 * recorded as a LoginFailed event, so a flood of guesses cannot grow the event store.
 */
@CommandHandler(IssueTokenCommand)
export class IssueTokenHandler implements ICommandHandler<IssueTokenCommand, TokenResponse> {
  private readonly perHour: SharedRateLimiter;
  private readonly throttle: LoginThrottle;

  constructor(
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(ACCOUNTS) private readonly accounts: Accounts,
    @Inject(TOKEN_ISSUER) private readonly tokens: TokenIssuer,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(PROCESS_GROUP) group: ProcessGroup,
  ) {
    const now = () => this.clock.now().getTime();
    this.perHour = group.rateLimiter('token-requests-per-hour', config.IYS_TOKEN_REQUESTS_PER_HOUR, HOUR_MS, now);
    this.throttle = new LoginThrottle(
      {
        failuresPerClient: config.IYS_LOGIN_FAILURES_PER_CLIENT,
        failuresPerAddress: config.IYS_LOGIN_FAILURES_PER_ADDRESS,
        failuresPerUser: config.IYS_LOGIN_FAILURES_PER_USER,
      },
      group.windowCounter('login-failures', HOUR_MS, now),
    );
  }

  async execute({ body, clientAddress }: IssueTokenCommand): Promise<TokenResponse> {
    const grant = body.grant_type;
    if (grant === undefined || grant === null || grant === '') throw accessError('H625', ['grant_type']);
    if (grant !== 'password' && grant !== 'refresh_token') throw accessError('H626', ['grant_type']);
    if (!(await this.perHour.tryTake(clientAddress))) throw tooManyRequests();
    if (grant === 'password') return this.passwordGrant(body.username, body.password, clientAddress);
    return this.refreshGrant(body.refresh_token);
  }

  private async passwordGrant(username: unknown, password: unknown, clientAddress: string): Promise<TokenResponse> {
    if (typeof username !== 'string' || typeof password !== 'string' || !username || !password) throw accessError('H250');
    // No user name holds a NUL or control character (they are refused at creation); nor may a query for one.
    if (!isSafeText(username)) throw accessError('H250');
    if (!(await this.throttle.allows(username, clientAddress))) throw tooManyRequests();
    const user = await this.accounts.byUsername(username);
    // An unknown user name costs the same scrypt run as a known one: timing does not reveal it.
    const passwordMatches = await verifyPassword(password, user?.passwordHash ?? DECOY_PASSWORD_HASH);
    if (!user || !passwordMatches || user.disabled) {
      const firstOfWindow = await this.throttle.recordFailure(username, clientAddress);
      if (user && firstOfWindow) await this.recordFailure(user.userId, user.disabled ? 'disabled' : 'bad-password');
      throw accessError('H251');
    }
    await this.throttle.recordSuccess(username, clientAddress);

    const sessionId = this.ids.next();
    const refreshToken = randomBytes(32).toString('base64url');
    await handleCommand(this.store, sessionDecider, sessionStream(sessionId), {
      type: 'StartSession',
      sessionId,
      userId: user.userId,
      refreshTokenHash: sha256(refreshToken),
      refreshExpiresAt: this.inSeconds(REFRESH_TOKEN_SECONDS),
      now: this.clock.now().toISOString(),
    }, { metadata: { actorKind: actorKind(user.role), actorId: user.userId, channel: 'api' } });
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

  private async recordFailure(userId: string, reason: 'bad-password' | 'disabled'): Promise<void> {
    const now = this.clock.now();
    await handleCommand(this.store, loginAuditDecider, loginAuditStream(userId, istanbulDay(now)), { type: 'RecordLoginFailure', userId, reason, failedAt: now.toISOString() }, {
      metadata: { actorKind: 'system', channel: 'api' },
    });
  }

  private inSeconds(seconds: number): string {
    return new Date(this.clock.now().getTime() + seconds * 1000).toISOString();
  }
}

function actorKind(role: Role): 'service-provider' | 'integrator' | 'authority' | 'admin' | 'system' | 'call-centre-agent' | 'dealer' {
  switch (role) {
    case 'provider':
      return 'service-provider';
    case 'retailer':
      return 'dealer';
    case 'agent':
      return 'call-centre-agent';
    case 'operator':
      return 'system';
    default:
      return role;
  }
}
