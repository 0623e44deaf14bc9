// Public surface of the service-provider context: its Nest module and its migrations, which
// apps/api composes. Other contexts must not import from here; they use @iys/contracts.
import { ServiceProviderReadModels1732300002000 } from './infrastructure/read-models/migrations/1732300002000-service-provider-read-models.migration.js';

export { ServiceProviderModule } from './service-provider.module.js';
export const serviceProviderMigrations = [ServiceProviderReadModels1732300002000];
