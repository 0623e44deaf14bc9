// Public surface of the service-provider context: its Nest module, its migrations and the commands
// and queries that entry points (the API's composition root, the CLI) may dispatch. Other contexts
// must not import from here; they use @iys/contracts.
import { ServiceProviderReadModels1732300002000 } from './infrastructure/read-models/migrations/1732300002000-service-provider-read-models.migration.js';
import { Integrators1732300003000 } from './infrastructure/read-models/migrations/1732300003000-integrators.migration.js';
import { BrandSenders1732300011000 } from './infrastructure/read-models/migrations/1732300011000-brand-senders.migration.js';
import { OneCodeSpace1732300012000 } from './infrastructure/read-models/migrations/1732300012000-one-code-space.migration.js';
import { RetailerUsers1732300013100 } from './infrastructure/read-models/migrations/1732300013100-retailer-users.migration.js';
import { OperatorGate1732300015000 } from './infrastructure/read-models/migrations/1732300015000-operator-gate.migration.js';

export { ServiceProviderModule } from './service-provider.module.js';
export const serviceProviderMigrations = [ServiceProviderReadModels1732300002000, Integrators1732300003000, BrandSenders1732300011000, OneCodeSpace1732300012000, RetailerUsers1732300013100, OperatorGate1732300015000];

export { SubmitApplicationCommand } from './application/commands/submit-application/submit-application.command.js';
export { ApproveApplicationCommand } from './application/commands/approve-application/approve-application.command.js';
export type { Approval } from './application/commands/approve-application/approve-application.handler.js';
export { RejectApplicationCommand } from './application/commands/reject-application/reject-application.command.js';
export { SetActivationDateCommand } from './application/commands/set-activation-date/set-activation-date.command.js';
export { ListApplicationsQuery } from './application/queries/list-applications/list-applications.query.js';
export type { ApplicationListItem } from './application/queries/list-applications/list-applications.handler.js';
export { ListServiceProvidersQuery } from './application/queries/list-service-providers/list-service-providers.query.js';
export type { ServiceProviderListItem, ServiceProviderPage } from './application/queries/list-service-providers/list-service-providers.handler.js';
export { ListBrandsQuery } from './application/queries/list-brands/list-brands.query.js';
export type { BrandListItem } from './application/queries/list-brands/list-brands.handler.js';
export { RegisterIntegratorCommand } from './application/commands/register-integrator/register-integrator.command.js';
