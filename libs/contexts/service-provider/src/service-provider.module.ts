import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { ProjectionRegistry } from '@iys/platform/nest';
import { BootstrapAdminService } from './application/bootstrap-admin.service.js';
import { ApproveApplicationHandler } from './application/commands/approve-application/approve-application.handler.js';
import { CreateApiUserHandler } from './application/commands/create-api-user/create-api-user.handler.js';
import { IssueTokenHandler } from './application/commands/issue-token/issue-token.handler.js';
import { RejectApplicationHandler } from './application/commands/reject-application/reject-application.handler.js';
import { SetActivationDateHandler } from './application/commands/set-activation-date/set-activation-date.handler.js';
import { SubmitApplicationHandler } from './application/commands/submit-application/submit-application.handler.js';
import { apiAccessProjection } from './application/projections/api-access.projection.js';
import { providerDirectoryProjection } from './application/projections/provider-directory.projection.js';
import { ListApplicationsHandler } from './application/queries/list-applications/list-applications.handler.js';
import { ListBrandsHandler } from './application/queries/list-brands/list-brands.handler.js';
import { AccessGuard } from './infrastructure/auth/access.guard.js';
import { AccessTokenService } from './infrastructure/auth/access-token.service.js';
import { AdminController } from './infrastructure/http/admin.controller.js';
import { ApplicationsController } from './infrastructure/http/applications.controller.js';
import { BrandsController } from './infrastructure/http/brands.controller.js';
import { IntegratorController, ProviderIntegratorsController } from './infrastructure/http/integrators.controller.js';
import { OAuth2TokenController } from './infrastructure/http/oauth2-token.controller.js';
import { AddBrandHandler } from './application/commands/add-brand/add-brand.handler.js';
import { DeactivateBrandHandler } from './application/commands/deactivate-brand/deactivate-brand.handler.js';
import { DisableApiUserHandler } from './application/commands/disable-api-user/disable-api-user.handler.js';
import { RevokeSessionHandler } from './application/commands/revoke-session/revoke-session.handler.js';
import { AuthoriseIntegratorHandler } from './application/commands/authorise-integrator/authorise-integrator.handler.js';
import { RegisterIntegratorHandler } from './application/commands/register-integrator/register-integrator.handler.js';
import { RevokeIntegratorHandler } from './application/commands/revoke-integrator/revoke-integrator.handler.js';
import { ListIntegratorProvidersHandler } from './application/queries/list-integrator-providers/list-integrator-providers.handler.js';
import { registerServiceProviderCodes } from './infrastructure/http/service-provider-codes.js';
import { RegisterSenderHandler } from './application/commands/register-sender/register-sender.handler.js';
import { RemoveSenderHandler } from './application/commands/remove-sender/remove-sender.handler.js';
import { ListSendersHandler } from './application/queries/list-senders/list-senders.handler.js';
import { brandSendersProjection } from './application/projections/brand-senders.projection.js';
import { SENDER_DIRECTORY } from './application/sender-identities.js';
import { SendersController } from './infrastructure/http/senders.controller.js';
import { PostgresSenderDirectory } from './infrastructure/read-models/postgres-sender-directory.js';
import { RegistryCodeAllocator } from './infrastructure/registry-code-allocator.js';

registerServiceProviderCodes();

/**
 * Service providers, their brands, API users and the security perimeter of the whole API: the
 * AccessGuard is global, so every route of every context passes through it.
 */
@Module({
  imports: [CqrsModule],
  controllers: [OAuth2TokenController, ApplicationsController, AdminController, BrandsController, ProviderIntegratorsController, IntegratorController, SendersController],
  providers: [
    { provide: APP_GUARD, useClass: AccessGuard },
    AccessTokenService,
    RegistryCodeAllocator,
    SubmitApplicationHandler,
    ApproveApplicationHandler,
    RejectApplicationHandler,
    SetActivationDateHandler,
    CreateApiUserHandler,
    IssueTokenHandler,
    ListBrandsHandler,
    ListApplicationsHandler,
    RegisterIntegratorHandler,
    AuthoriseIntegratorHandler,
    RevokeIntegratorHandler,
    ListIntegratorProvidersHandler,
    AddBrandHandler,
    DeactivateBrandHandler,
    DisableApiUserHandler,
    RevokeSessionHandler,
    BootstrapAdminService,
    RegisterSenderHandler,
    RemoveSenderHandler,
    ListSendersHandler,
    { provide: SENDER_DIRECTORY, useClass: PostgresSenderDirectory },
  ],
})
export class ServiceProviderModule implements OnModuleInit {
  constructor(@Inject(ProjectionRegistry) private readonly projections: ProjectionRegistry) {}

  onModuleInit(): void {
    this.projections.register(providerDirectoryProjection);
    this.projections.register(apiAccessProjection);
    this.projections.register(brandSendersProjection);
  }
}
