// Public surface of the consent context: only the Nest module, which apps/api composes.
// Other contexts must not import from here; they use @iys/contracts.
export { ConsentModule } from './consent.module.js';
