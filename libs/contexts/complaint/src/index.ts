// Public surface of the complaint context: only the Nest module, which apps/api composes.
// Other contexts must not import from here; they use @iys/contracts.
export { ComplaintModule } from './complaint.module.js';
