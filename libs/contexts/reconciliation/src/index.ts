// Public surface of the reconciliation context: only the Nest module, which apps/api composes.
// Other contexts must not import from here; they use @iys/contracts.
export { ReconciliationModule } from './reconciliation.module.js';
