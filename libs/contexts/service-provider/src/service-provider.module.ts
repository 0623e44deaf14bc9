import { PanelBrandsController } from './infrastructure/web/panel-brands.controller.js';
import { Global, Inject, Module, type OnModuleInit } from '@nestjs/common';
import { ServiceProviderContracts } from '@iys/contracts';
import { CqrsModule } from '@nestjs/cqrs';
import { ProjectionRegistry } from '@iys/platform/nest';
import { ApproveApplicationHandler } from './application/commands/approve-application/approve-application.handler.js';
import { RejectApplicationHandler } from './application/commands/reject-application/reject-application.handler.js';
import { SetActivationDateHandler } from './application/commands/set-activation-date/set-activation-date.handler.js';
import { SubmitApplicationHandler } from './application/commands/submit-application/submit-application.handler.js';
import { providerDirectoryProjection } from './application/projections/provider-directory.projection.js';
import { ListApplicationsHandler } from './application/queries/list-applications/list-applications.handler.js';
import { ListServiceProvidersHandler } from './application/queries/list-service-providers/list-service-providers.handler.js';
import { ListBrandsHandler } from './application/queries/list-brands/list-brands.handler.js';
import { ListProviderIntegratorsHandler } from './application/queries/list-provider-integrators/list-provider-integrators.handler.js';
import { AdminController } from './infrastructure/http/admin.controller.js';
import { ApplicationsController } from './infrastructure/http/applications.controller.js';
import { BrandsController } from './infrastructure/http/brands.controller.js';
import { IntegratorController, ProviderIntegratorsController } from './infrastructure/http/integrators.controller.js';
import { AddBrandHandler } from './application/commands/add-brand/add-brand.handler.js';
import { DeactivateBrandHandler } from './application/commands/deactivate-brand/deactivate-brand.handler.js';
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
import { PostgresAccessScopes } from './infrastructure/read-models/postgres-access-scopes.js';
import { RegistryCodeAllocator } from './infrastructure/registry-code-allocator.js';
import { REGISTRY_CODES } from './application/registry-codes.port.js';
import { PROVIDER_DIRECTORY } from './application/provider-directory.port.js';
import { PostgresProviderDirectory } from './infrastructure/read-models/postgres-provider-directory.js';
import { GrantSenderExemptionHandler } from './application/commands/grant-sender-exemption/grant-sender-exemption.handler.js';
import { EndSenderExemptionHandler } from './application/commands/end-sender-exemption/end-sender-exemption.handler.js';
import { ListSenderExemptionsHandler } from './application/queries/list-sender-exemptions/list-sender-exemptions.handler.js';
import { senderExemptionsProjection } from './application/projections/sender-exemptions.projection.js';
import { SenderExemptionsAdminController, SenderExemptionsPublicController } from './infrastructure/http/sender-exemptions.controller.js';
import { AdminConsoleController } from './infrastructure/web/admin-console.controller.js';

registerServiceProviderCodes();

/**
 * This context's published query ports (@iys/contracts), global so that other contexts reach them
 * by token (the perimeter of @iys/identity-access asks ACCESS_SCOPES). Kept apart from
 * ServiceProviderModule so that the ports carry no controllers or handlers with them.
 */
@Global()
@Module({
  providers: [{ provide: ServiceProviderContracts.ACCESS_SCOPES, useClass: PostgresAccessScopes }],
  exports: [ServiceProviderContracts.ACCESS_SCOPES],
})
export class ServiceProviderPortsModule {}

/**
 * Service providers: applications, the provider directory, brands and their senders, integrators and
 * the grants providers give them, sender exemptions. Users, sessions and the perimeter are
 * @iys/identity-access's; this context answers its questions through ACCESS_SCOPES.
 */
@Module({
  imports: [CqrsModule, ServiceProviderPortsModule],
  controllers: [ApplicationsController, AdminController, BrandsController, ProviderIntegratorsController, IntegratorController, SendersController, SenderExemptionsAdminController, SenderExemptionsPublicController, AdminConsoleController, PanelBrandsController],
  providers: [
    { provide: REGISTRY_CODES, useClass: RegistryCodeAllocator },
    { provide: PROVIDER_DIRECTORY, useClass: PostgresProviderDirectory },
    SubmitApplicationHandler,
    ApproveApplicationHandler,
    RejectApplicationHandler,
    SetActivationDateHandler,
    ListBrandsHandler,
    ListProviderIntegratorsHandler,
    ListApplicationsHandler,
    ListServiceProvidersHandler,
    RegisterIntegratorHandler,
    AuthoriseIntegratorHandler,
    RevokeIntegratorHandler,
    ListIntegratorProvidersHandler,
    AddBrandHandler,
    DeactivateBrandHandler,
    RegisterSenderHandler,
    RemoveSenderHandler,
    ListSendersHandler,
    { provide: SENDER_DIRECTORY, useClass: PostgresSenderDirectory },
    GrantSenderExemptionHandler,
    EndSenderExemptionHandler,
    ListSenderExemptionsHandler,
  ],
})
export class ServiceProviderModule implements OnModuleInit {
  constructor(@Inject(ProjectionRegistry) private readonly projections: ProjectionRegistry) {}

  onModuleInit(): void {
    this.projections.ownStreams(ServiceProviderContracts.STREAMS);
    this.projections.register(providerDirectoryProjection);
    this.projections.register(brandSendersProjection);
    this.projections.register(senderExemptionsProjection);
  }
}
