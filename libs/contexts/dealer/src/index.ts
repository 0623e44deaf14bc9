// Public surface of the dealer context: its Nest module, which apps/api composes, and its migrations.
// Other contexts must not import from here; they use @iys/contracts.
import { DealerReadModels1732300013000 } from './infrastructure/read-models/migrations/1732300013000-dealer-read-models.migration.js';

export { DealerModule } from './dealer.module.js';
export const dealerMigrations = [DealerReadModels1732300013000];
