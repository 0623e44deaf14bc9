import { PanelReconciliationController } from './reports/infrastructure/web/panel-reconciliation.controller.js';
import { Global, Inject, Module, type OnModuleInit } from '@nestjs/common';
import { ReconciliationContracts } from '@iys/contracts';
import { CqrsModule } from '@nestjs/cqrs';
import { ProjectionRegistry } from '@iys/platform/nest';
import { registerReconciliationCodes } from './shared/application/reconciliation-codes.js';
// Reports (M1–M4)
import { AgreementStore } from './reports/application/agreement-store.js';
import { CaptureAgreementHandler } from './reports/application/commands/capture-agreement/capture-agreement.handler.js';
import { MovementFileSource } from './reports/application/movement-file.source.js';
import { dailyMovementsProjection } from './reports/application/projections/daily-movements.projection.js';
import { reconciliationBrandsProjection } from './reports/application/projections/reconciliation-brands.projection.js';
import { GetAgreementHandler } from './reports/application/queries/get-agreement/get-agreement.handler.js';
import { GetChangeStatsHandler } from './reports/application/queries/get-change-stats/get-change-stats.handler.js';
import { GetMovementFileHandler } from './reports/application/queries/get-movement-file/get-movement-file.handler.js';
import { ReportScope } from './reports/application/report-scope.js';
import { REPORT_READS } from './reports/application/report-reads.port.js';
import { MOVEMENT_ROWS } from './reports/application/movement-rows.port.js';
import { PostgresMovementRows } from './reports/infrastructure/read-models/postgres-movement-rows.js';
import { PostgresReportReads } from './reports/infrastructure/read-models/postgres-report-reads.js';
import { SEALED_MOVEMENT_FILES } from './reports/application/sealed-movement-files.port.js';
import { SNAPSHOT_RECORDS } from './snapshots/application/snapshot-records.port.js';
import { PostgresSnapshotRecords } from './snapshots/infrastructure/read-models/postgres-snapshot-records.js';
import { SealedMovementFiles } from './reports/infrastructure/read-models/postgres-sealed-movement-files.js';
import { ReconciliationController } from './reports/infrastructure/http/reconciliation.controller.js';
// Signed daily snapshots (built on the reports)
import { TakeDailySnapshotsHandler } from './snapshots/application/commands/take-daily-snapshots/take-daily-snapshots.handler.js';
import { DailySnapshotScheduler } from './snapshots/application/daily-snapshot.scheduler.js';
import { DailySnapshotService } from './snapshots/application/daily-snapshot.service.js';
import { GetPublishedSnapshotHandler } from './snapshots/application/queries/get-published-snapshot/get-published-snapshot.handler.js';
import { GetSigningKeyHandler } from './snapshots/application/queries/get-signing-key/get-signing-key.handler.js';
import { SnapshotInclusion } from './snapshots/application/snapshot-inclusion.js';
import { SnapshotSigningKey } from './snapshots/application/snapshot-signing-key.js';
import { SnapshotsController } from './snapshots/infrastructure/http/snapshots.controller.js';
// The authority's consent audit (built on the snapshots and consent's CONSENT_HISTORY port)
import { AuditAsOfHandler } from './audit/application/queries/audit-as-of/audit-as-of.handler.js';
import { AuditHistoryHandler } from './audit/application/queries/audit-history/audit-history.handler.js';
import { AuditNumberHistoryHandler } from './audit/application/queries/audit-number-history/audit-number-history.handler.js';
import { AuditController } from './audit/infrastructure/http/audit.controller.js';
import { AuthorityHomeController, NumberHistoryPageController } from './audit/infrastructure/web/number-history.controller.js';

registerReconciliationCodes();

/**
 * Daily reconciliation, in three concerns composed here (ADR 0046): reports (İYS Mutabakat, M1–M4:
 * the daily-movement read model built from consent events, the movement file and its hash, the
 * provider's agreement per brand and day), the signed daily snapshots, and the authority's consent
 * audit. Global only so that its published query port (the audit's as-of answer, served by
 * AuditAsOfHandler itself) reaches other contexts by token.
 */
@Global()
@Module({
  imports: [CqrsModule],
  controllers: [ReconciliationController, AuditController, SnapshotsController, AuthorityHomeController, NumberHistoryPageController, PanelReconciliationController],
  providers: [
    ReportScope,
    { provide: REPORT_READS, useClass: PostgresReportReads },
    { provide: MOVEMENT_ROWS, useClass: PostgresMovementRows },
    MovementFileSource,
    SealedMovementFiles,
    { provide: SEALED_MOVEMENT_FILES, useExisting: SealedMovementFiles },
    { provide: SNAPSHOT_RECORDS, useClass: PostgresSnapshotRecords },
    AgreementStore,
    GetChangeStatsHandler,
    GetMovementFileHandler,
    GetAgreementHandler,
    CaptureAgreementHandler,
    AuditHistoryHandler,
    AuditAsOfHandler,
    AuditNumberHistoryHandler,
    GetPublishedSnapshotHandler,
    GetSigningKeyHandler,
    // An adapter object, not the handler itself: the bus registers every provider whose instance is
    // a handler, and an alias of the handler would register it twice.
    {
      provide: ReconciliationContracts.CONSENT_AS_OF,
      useFactory: (handler: AuditAsOfHandler): ReconciliationContracts.ConsentAsOfPort => ({ asOf: (request) => handler.asOf(request) }),
      inject: [AuditAsOfHandler],
    },
    SnapshotSigningKey,
    DailySnapshotService,
    DailySnapshotScheduler,
    SnapshotInclusion,
    TakeDailySnapshotsHandler,
  ],
  exports: [ReconciliationContracts.CONSENT_AS_OF],
})
export class ReconciliationModule implements OnModuleInit {
  constructor(@Inject(ProjectionRegistry) private readonly projections: ProjectionRegistry) {}

  onModuleInit(): void {
    this.projections.ownStreams(ReconciliationContracts.STREAMS);
    this.projections.register(reconciliationBrandsProjection);
    this.projections.register(dailyMovementsProjection);
  }
}
