import { Global, Inject, Module, type OnModuleInit } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { IdentityAccessContracts } from '@iys/contracts';
import type { AppConfig } from '@iys/platform/config';
import { APP_CONFIG, PROCESS_GROUP, ProcessGroup, ProjectionRegistry } from '@iys/platform/nest';
import { ACCOUNTS } from './application/accounts.port.js';
import { BootstrapAdminService } from './application/bootstrap-admin.service.js';
import { CreateApiUserHandler } from './application/commands/create-api-user/create-api-user.handler.js';
import { DisableApiUserHandler } from './application/commands/disable-api-user/disable-api-user.handler.js';
import { IssueTokenHandler } from './application/commands/issue-token/issue-token.handler.js';
import { ListApiUsersHandler } from './application/queries/list-api-users/list-api-users.handler.js';
import { ConfirmTotpEnrolmentHandler } from './application/commands/confirm-totp-enrolment/confirm-totp-enrolment.handler.js';
import { DisableTotpHandler } from './application/commands/disable-totp/disable-totp.handler.js';
import { SetProviderTotpRequirementHandler } from './application/commands/set-provider-totp-requirement/set-provider-totp-requirement.handler.js';
import { SignInToConsoleHandler } from './application/commands/sign-in-to-console/sign-in-to-console.handler.js';
import { SignInToPanelHandler } from './application/commands/sign-in-to-panel/sign-in-to-panel.handler.js';
import { StartTotpEnrolmentHandler } from './application/commands/start-totp-enrolment/start-totp-enrolment.handler.js';
import { GetSecondFactorHandler } from './application/queries/get-second-factor/get-second-factor.handler.js';
import { PasswordLogin } from './application/password-login.js';
import { SecondFactor } from './application/second-factor.js';
import { RevokeSessionHandler } from './application/commands/revoke-session/revoke-session.handler.js';
import { createApiAccessProjection } from './application/projections/api-access.projection.js';
import { SessionPrincipalCache } from './application/session-principal-cache.js';
import { TOKEN_ISSUER } from './application/token-issuer.port.js';
import { AccessGuard } from './infrastructure/auth/access.guard.js';
import { AccessTokenService } from './infrastructure/auth/access-token.service.js';
import { registerIdentityAccessCodes } from './infrastructure/http/identity-access-codes.js';
import { LegacyOAuthTokenController, OAuth2TokenController } from './infrastructure/http/oauth2-token.controller.js';
import { RetailerUsersController } from './infrastructure/http/retailer-users.controller.js';
import { UsersAdminController } from './infrastructure/http/users-admin.controller.js';
import { PostgresAccounts } from './infrastructure/read-models/postgres-accounts.js';
import { AdminSignInController, AuthoritySignInController } from './infrastructure/web/console-sign-in.controller.js';
import { UsersConsoleController } from './infrastructure/web/users-console.controller.js';
import { PanelSessionController } from './infrastructure/web/panel-session.controller.js';

registerIdentityAccessCodes();

const EVICT_USER = 'identity-access.session-cache.evict-user';
const EVICT_SESSION = 'identity-access.session-cache.evict-session';

/**
 * This context's published query port (@iys/contracts), global so that other contexts reach it by
 * token. Kept apart from IdentityAccessModule: a global module's lifecycle hooks run before the CQRS
 * handlers are registered, and the admin bootstrap needs them.
 */
@Global()
@Module({
  providers: [PostgresAccounts, { provide: IdentityAccessContracts.OPERATOR_DIRECTORY, useExisting: PostgresAccounts }],
  exports: [IdentityAccessContracts.OPERATOR_DIRECTORY],
})
export class IdentityAccessPortsModule {}

/**
 * API users, their sessions and tokens, and the security perimeter of the whole API: the AccessGuard
 * is global, so every route of every context passes through it (authentication, the per-second rate,
 * IP allow-lists, the route's access policy). What a provider or integrator may reach is asked of
 * the service-provider context through ServiceProviderContracts.ACCESS_SCOPES.
 */
@Module({
  imports: [CqrsModule, IdentityAccessPortsModule],
  controllers: [OAuth2TokenController, LegacyOAuthTokenController, UsersAdminController, RetailerUsersController, AuthoritySignInController, AdminSignInController, UsersConsoleController, PanelSessionController],
  providers: [
    { provide: APP_GUARD, useClass: AccessGuard },
    AccessTokenService,
    { provide: TOKEN_ISSUER, useExisting: AccessTokenService },
    PostgresAccounts,
    { provide: ACCOUNTS, useExisting: PostgresAccounts },
    CreateApiUserHandler,
    DisableApiUserHandler,
    IssueTokenHandler,
    PasswordLogin,
    SecondFactor,
    SignInToPanelHandler,
    SignInToConsoleHandler,
    StartTotpEnrolmentHandler,
    ConfirmTotpEnrolmentHandler,
    DisableTotpHandler,
    SetProviderTotpRequirementHandler,
    GetSecondFactorHandler,
    RevokeSessionHandler,
    ListApiUsersHandler,
    BootstrapAdminService,
    { provide: SessionPrincipalCache, useFactory: (config: AppConfig) => new SessionPrincipalCache(config.IYS_SESSION_CACHE_MS), inject: [APP_CONFIG] },
  ],
})
export class IdentityAccessModule implements OnModuleInit {
  constructor(
    @Inject(ProjectionRegistry) private readonly projections: ProjectionRegistry,
    @Inject(SessionPrincipalCache) private readonly sessions: SessionPrincipalCache,
    @Inject(PROCESS_GROUP) private readonly group: ProcessGroup,
  ) {}

  onModuleInit(): void {
    this.projections.ownStreams(IdentityAccessContracts.STREAMS);
    // This process forgets at once, and the machine's other API processes before the change is answered (ADR 0058).
    const sessions = this.sessions;
    const group = this.group;
    group.on(EVICT_USER, (event) => sessions.evictUser(String(event.userId)));
    group.on(EVICT_SESSION, (event) => sessions.evictSession(String(event.sessionId)));
    this.projections.register(
      createApiAccessProjection({
        async evictUser(userId) {
          sessions.evictUser(userId);
          await group.broadcast({ kind: EVICT_USER, userId });
        },
        async evictSession(sessionId) {
          sessions.evictSession(sessionId);
          await group.broadcast({ kind: EVICT_SESSION, sessionId });
        },
      }),
    );
  }
}
