// Public surface of the service-provider context: only the Nest module, which apps/api composes.
// Other contexts must not import from here; they use @iys/contracts.
export { ServiceProviderModule } from './service-provider.module.js';
