// Public surface of the recipient context: only the Nest module, which apps/api composes.
// Other contexts must not import from here; they use @iys/contracts.
export { RecipientModule } from './recipient.module.js';
