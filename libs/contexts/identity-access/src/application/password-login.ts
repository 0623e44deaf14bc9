import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DomainError, isSafeText, istanbulDay, type Clock, type IdGenerator, type Role } from '@iys/platform/building-blocks';
import type { AppConfig } from '@iys/platform/config';
import { handleCommand, PostgresEventStore } from '@iys/platform/event-store';
import { APP_CONFIG, CLOCK, ID_GENERATOR, iysCodeEntry, PROCESS_GROUP, ProcessGroup, type SharedRateLimiter } from '@iys/platform/nest';
import { accessError, loginAuditDecider, sessionDecider } from '../domain/api-access.deciders.js';
import { ACCOUNTS, type Accounts, type LoginAccount } from './accounts.port.js';
import { loginAuditStream, sessionStream } from './identity-access-streams.js';
import { LoginThrottle } from './login-throttle.js';
import { DECOY_PASSWORD_HASH, verifyPassword } from './password-hashing.js';
import { REFRESH_TOKEN_SECONDS } from './token-issuer.port.js';

const HOUR_MS = 3_600_000;
export const tooManyRequests = () => new DomainError('H084', iysCodeEntry('H084').message);
export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * A user name and password checked once for every way in (İYS's token endpoint, the panel's sign-in):
 * one hourly limit per client, one login throttle, the same decoy hash for unknown names, the same
 * LoginFailed audit. Failed passwords are counted by the LoginThrottle, shared by the machine's API
 * processes (docs/adr/0058); only a user name's first failure of each window is recorded as a LoginFailed event, so a flood of guesses cannot grow the event store.
 */
@Injectable()
export class PasswordLogin {
  private readonly perHour: SharedRateLimiter;
  private readonly throttle: LoginThrottle;

  constructor(
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(ACCOUNTS) private readonly accounts: Accounts,
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

  /** One request of the client's hourly allowance (H084 when used up). */
  async takeRequest(clientAddress: string): Promise<void> {
    if (!(await this.perHour.tryTake(clientAddress))) throw tooManyRequests();
  }

  /** The account whose password this is (H250 missing, H251 wrong, unknown or disabled, H084 throttled). */
  async verify(username: unknown, password: unknown, clientAddress: string): Promise<LoginAccount> {
    if (typeof username !== 'string' || typeof password !== 'string' || !username || !password) throw accessError('H250');
    // No user name holds a NUL or control character (they are refused at creation); nor may a query for one.
    if (!isSafeText(username)) throw accessError('H250');
    if (!(await this.throttle.allows(username, clientAddress))) throw tooManyRequests();
    const user = await this.accounts.byUsername(username);
    // An unknown user name costs the same scrypt run as a known one: timing does not reveal it.
    const passwordMatches = await verifyPassword(password, user?.passwordHash ?? DECOY_PASSWORD_HASH);
    if (!user || !passwordMatches || user.disabled) {
      await this.failed(username, clientAddress, user);
      throw accessError('H251');
    }
    return user;
  }

  /** A wrong second factor counts as a failed login of the same throttle. */
  async failed(username: string, clientAddress: string, user?: LoginAccount): Promise<void> {
    const firstOfWindow = await this.throttle.recordFailure(username, clientAddress);
    if (user && firstOfWindow) await this.recordFailure(user.userId, user.disabled ? 'disabled' : 'bad-password');
  }

  async succeeded(username: string, clientAddress: string): Promise<void> {
    await this.throttle.recordSuccess(username, clientAddress);
  }

  /** Opens a session (SessionStarted) for the user; its refresh token, shown once, is returned with it. */
  async startSession(user: LoginAccount, channel: string): Promise<{ sessionId: string; refreshToken: string }> {
    const sessionId = this.ids.next();
    const refreshToken = randomBytes(32).toString('base64url');
    await handleCommand(this.store, sessionDecider, sessionStream(sessionId), {
      type: 'StartSession',
      sessionId,
      userId: user.userId,
      refreshTokenHash: sha256(refreshToken),
      refreshExpiresAt: new Date(this.clock.now().getTime() + REFRESH_TOKEN_SECONDS * 1000).toISOString(),
      now: this.clock.now().toISOString(),
    }, { metadata: { actorKind: actorKind(user.role), actorId: user.userId, channel } });
    return { sessionId, refreshToken };
  }

  private async recordFailure(userId: string, reason: 'bad-password' | 'disabled'): Promise<void> {
    const now = this.clock.now();
    await handleCommand(this.store, loginAuditDecider, loginAuditStream(userId, istanbulDay(now)), { type: 'RecordLoginFailure', userId, reason, failedAt: now.toISOString() }, {
      metadata: { actorKind: 'system', channel: 'api' },
    });
  }
}

export function actorKind(role: Role): 'service-provider' | 'integrator' | 'authority' | 'admin' | 'system' | 'call-centre-agent' | 'dealer' {
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
