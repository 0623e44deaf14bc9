// Public surface of the reconciliation context: its Nest module and migrations, which apps compose.
// Other contexts must not import from here; they use @iys/contracts.
import { ReconciliationSnapshots1732300007000 } from './infrastructure/read-models/migrations/1732300007000-reconciliation-snapshots.migration.js';
import { ReconciliationReadModels1732300006000 } from './infrastructure/read-models/migrations/1732300006000-reconciliation-read-models.migration.js';

export { ReconciliationModule } from './reconciliation.module.js';
export const reconciliationMigrations = [ReconciliationReadModels1732300006000, ReconciliationSnapshots1732300007000];
export { TakeDailySnapshotsCommand } from './application/commands/take-daily-snapshots/take-daily-snapshots.command.js';
export type { DailySnapshotsTaken } from './application/commands/take-daily-snapshots/take-daily-snapshots.handler.js';
