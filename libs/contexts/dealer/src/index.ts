// Public surface of the dealer context: only the Nest module, which apps/api composes.
// Other contexts must not import from here; they use @iys/contracts.
export { DealerModule } from './dealer.module.js';
