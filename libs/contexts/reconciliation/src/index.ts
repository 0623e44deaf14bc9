// Public surface of the reconciliation context: its Nest module and migrations, which apps compose.
// Other contexts must not import from here; they use @iys/contracts.
import { ReconciliationSnapshots1732300007000 } from './infrastructure/read-models/migrations/1732300007000-reconciliation-snapshots.migration.js';
import { ReconciliationReadModels1732300006000 } from './infrastructure/read-models/migrations/1732300006000-reconciliation-read-models.migration.js';
import { SealedMovementFiles1732300010000 } from './infrastructure/read-models/migrations/1732300010000-sealed-movement-files.migration.js';
import { MovementsShardKey1732300040300 } from './infrastructure/read-models/migrations/1732300040300-movements-shard-key.migration.js';

export { ReconciliationModule } from './reconciliation.module.js';
export const reconciliationMigrations = [ReconciliationReadModels1732300006000, ReconciliationSnapshots1732300007000, SealedMovementFiles1732300010000, MovementsShardKey1732300040300];
export { TakeDailySnapshotsCommand } from './snapshots/application/commands/take-daily-snapshots/take-daily-snapshots.command.js';
export type { DailySnapshotsTaken } from './snapshots/application/commands/take-daily-snapshots/take-daily-snapshots.handler.js';
export { AuditHistoryQuery } from './audit/application/queries/audit-history/audit-history.query.js';
export { AuditNumberHistoryQuery } from './audit/application/queries/audit-number-history/audit-number-history.query.js';
export { AuditAsOfQuery } from './audit/application/queries/audit-as-of/audit-as-of.query.js';
export { AUDIT_CONSENT_TYPES, AUDIT_RECIPIENT_TYPES } from './audit/application/consent-audit.types.js';
export type {
  AuditAsOf,
  AuditChainResult,
  AuditConsentEvent,
  AuditConsentHistory,
  AuditConsentType,
  AuditHistory,
  AuditInclusion,
  AuditInclusionProof,
  AuditProofEvent,
  AuditProofStep,
  AuditRecipientType,
  EventChainCheck,
  NumberHistory,
  NumberHistoryConsent,
  NumberHistoryEvent,
} from './audit/application/consent-audit.types.js';
