import { Global, Inject, Module, type OnModuleInit } from '@nestjs/common';
import { ConsentContracts } from '@iys/contracts';
import { CqrsModule } from '@nestjs/cqrs';
import { ProjectionRunner, ReadModelWatermark } from '@iys/platform/event-store';
import { APP_CONFIG, PG_POOL, ProjectionRegistry } from '@iys/platform/nest';
import { NotifiedCache } from '@iys/platform/database';
import type pg from 'pg';
import { MessageTemplates } from '@iys/platform/outbox';
import { ConsentBatchWorker } from './application/batch/consent-batch.worker.js';
import { AddConsentHandler } from './application/commands/add-consent/add-consent.handler.js';
import { SubmitConsentBatchHandler } from './application/commands/submit-consent-batch/submit-consent-batch.handler.js';
import { StageConsentUploadHandler } from './application/commands/stage-consent-upload/stage-consent-upload.handler.js';
import { SubmitConsentUploadHandler } from './application/commands/submit-consent-upload/submit-consent-upload.handler.js';
import { GetBrandGateStatsHandler } from './application/queries/get-brand-gate-stats/get-brand-gate-stats.handler.js';
import { GetConsentUploadHandler } from './application/queries/get-consent-upload/get-consent-upload.handler.js';
import { registerConsentCodes } from './application/consent-codes.js';
import { ConsentBrandDirectory } from './application/consent-brand-directory.js';
import { ConsentRegistrar } from './application/consent-registrar.js';
import { CONSENT_BRANDS_CHANNEL, consentBrandsProjection } from './application/projections/consent-brands.projection.js';
import { consentChangesProjection } from './application/projections/consent-changes.projection.js';
import { currentConsentProjection } from './application/projections/current-consent.projection.js';
import { CONSENT_RETAILERS } from './application/consent-retailers.port.js';
import { PostgresConsentRetailers } from './infrastructure/read-models/postgres-consent-retailers.js';
import { CONSENT_BRAND_RECORDS, REMEMBERED_ACTIVATIONS } from './application/consent-brands.port.js';
import { VERIFICATION_PROCESSES } from './application/verification-processes.port.js';
import { SCRUB_JOB_RECORDS } from './application/scrub/scrub-job-records.port.js';
import { PostgresScrubJobRecords } from './infrastructure/read-models/postgres-scrub-job-records.js';
import { PostgresVerificationProcesses } from './infrastructure/read-models/postgres-verification-processes.js';
import { PostgresConsentBrandRecords } from './infrastructure/read-models/postgres-consent-brand-records.js';
import { CONSENT_FEED } from './application/consent-feed.port.js';
import { PostgresConsentFeed } from './infrastructure/read-models/postgres-consent-feed.js';
import { BATCH_QUEUE } from './application/batch/batch-queue.port.js';
import { PostgresBatchQueue } from './infrastructure/read-models/postgres-batch-queue.js';
import { CURRENT_CONSENT_READS } from './application/current-consent-reads.port.js';
import { PostgresCurrentConsentReads } from './infrastructure/read-models/postgres-current-consent-reads.js';
import { BrandConsentStatsProvider } from './application/queries/brand-consent-stats/brand-consent-stats.provider.js';
import { RecipientConsentsProvider } from './application/queries/recipient-consents/recipient-consents.provider.js';
import { ConsentHistoryProvider } from './application/queries/consent-history/consent-history.provider.js';
import { SenderExemptionsProvider } from './infrastructure/read-models/postgres-sender-exemptions.js';
import { RecordRecipientDecisionsHandler } from './application/commands/record-recipient-decisions/record-recipient-decisions.handler.js';
import { GetBatchResultHandler } from './application/queries/get-batch-result/get-batch-result.handler.js';
import { GetConsentStatusHandler } from './application/queries/get-consent-status/get-consent-status.handler.js';
import { GetMultiStatusHandler } from './application/queries/get-multi-status/get-multi-status.handler.js';
import { PullConsentChangesHandler } from './application/queries/pull-consent-changes/pull-consent-changes.handler.js';
import { ConsentController } from './infrastructure/http/consent.controller.js';
import { CompleteConsentVerificationHandler } from './application/commands/complete-consent-verification/complete-consent-verification.handler.js';
import { StartConsentVerificationHandler } from './application/commands/start-consent-verification/start-consent-verification.handler.js';
import { RandomVerificationCodes, VERIFICATION_CODE_GENERATOR, VerificationCodeHasher } from './application/commands/start-consent-verification/verification-code.js';
import { consentVerificationTemplates } from './application/commands/start-consent-verification/consent-verification.templates.js';
import { ConsentVerificationController } from './infrastructure/http/consent-verification.controller.js';
import { DeliveryChecker, GATE_WATERMARK } from './application/gate/delivery-checker.js';
import { GATE_FACTS } from './application/gate/gate-facts.port.js';
import { GATE_RECORD_STORE } from './application/gate/gate-record-store.port.js';
import { PostgresGateFacts } from './infrastructure/read-models/postgres-gate-facts.js';
import { PostgresGateRecordStore } from './infrastructure/read-models/postgres-gate-record-store.js';
import { GateRecords } from './application/gate/gate-records.js';
import { GateScheduler } from './application/gate/gate.scheduler.js';
import { OperatorScope } from './application/gate/operator-scope.js';
import { gateDenialsErasureProjection, operatorGateProjection } from './application/projections/operator-gate.projection.js';
import { CheckDeliveriesHandler } from './application/queries/check-deliveries/check-deliveries.handler.js';
import { OperatorGateController, ScrubJobsController } from './infrastructure/http/operator-gate.controller.js';
import { SubmitScrubJobHandler } from './application/commands/submit-scrub-job/submit-scrub-job.handler.js';
import { scrubJobsProjection } from './application/projections/scrub-jobs.projection.js';
import { GetScrubJobHandler } from './application/queries/get-scrub-job/get-scrub-job.handler.js';
import { GetScrubJobResultHandler } from './application/queries/get-scrub-job-result/get-scrub-job-result.handler.js';
import { SCRUB_WORKER_ENABLED, ScrubJobWorker } from './application/scrub/scrub-job.worker.js';
import { GrantRetailerAccessHandler } from './application/commands/grant-retailer-access/grant-retailer-access.handler.js';
import { SubmitRetailerAccessBatchHandler } from './application/commands/submit-retailer-access-batch/submit-retailer-access-batch.handler.js';
import { consentRetailersProjection } from './application/projections/consent-retailers.projection.js';
import { ListConsentRetailersHandler } from './application/queries/list-consent-retailers/list-consent-retailers.handler.js';
import { ListRetailerConsentsHandler } from './application/queries/retailer-consents/retailer-consents.handler.js';
import { RetailerAccessKeeper } from './application/retailer-access.js';
import { PanelConsentsController } from './infrastructure/web/panel-consents.controller.js';
import { RetailerAccessController } from './infrastructure/http/retailer-access.controller.js';

registerConsentCodes();

/**
 * The consent registry: İYS C1–C6, the current-consent and change-feed read models, the batch worker.
 * Global only so that its published query ports (@iys/contracts) reach other contexts by token.
 */
@Global()
@Module({
  imports: [CqrsModule],
  controllers: [ConsentController, ConsentVerificationController, OperatorGateController, ScrubJobsController, RetailerAccessController, PanelConsentsController],
  providers: [
    { provide: CURRENT_CONSENT_READS, useClass: PostgresCurrentConsentReads },
    { provide: BATCH_QUEUE, useClass: PostgresBatchQueue },
    { provide: CONSENT_FEED, useClass: PostgresConsentFeed },
    { provide: CONSENT_RETAILERS, useClass: PostgresConsentRetailers },
    { provide: CONSENT_BRAND_RECORDS, useClass: PostgresConsentBrandRecords },
    { provide: REMEMBERED_ACTIVATIONS, useFactory: (pool: pg.Pool) => new NotifiedCache<string>(pool, CONSENT_BRANDS_CHANNEL), inject: [PG_POOL] },
    { provide: VERIFICATION_PROCESSES, useClass: PostgresVerificationProcesses },
    { provide: SCRUB_JOB_RECORDS, useClass: PostgresScrubJobRecords },
    { provide: GATE_FACTS, useClass: PostgresGateFacts },
    { provide: GATE_RECORD_STORE, useClass: PostgresGateRecordStore },
    { provide: GATE_WATERMARK, useFactory: (runner: ProjectionRunner) => new ReadModelWatermark(runner, [consentBrandsProjection, operatorGateProjection]), inject: [ProjectionRunner] },
    ConsentBrandDirectory,
    ConsentRegistrar,
    RetailerAccessKeeper,
    GrantRetailerAccessHandler,
    SubmitRetailerAccessBatchHandler,
    ListConsentRetailersHandler,
    ListRetailerConsentsHandler,
    AddConsentHandler,
    SubmitConsentBatchHandler,
    StageConsentUploadHandler,
    SubmitConsentUploadHandler,
    GetConsentUploadHandler,
    GetBrandGateStatsHandler,
    GetConsentStatusHandler,
    GetMultiStatusHandler,
    PullConsentChangesHandler,
    GetBatchResultHandler,
    ConsentBatchWorker,
    StartConsentVerificationHandler,
    CompleteConsentVerificationHandler,
    VerificationCodeHasher,
    { provide: VERIFICATION_CODE_GENERATOR, useClass: RandomVerificationCodes },
    { provide: ConsentContracts.BRAND_CONSENT_STATS, useClass: BrandConsentStatsProvider },
    RecordRecipientDecisionsHandler,
    { provide: ConsentContracts.RECIPIENT_CONSENTS, useClass: RecipientConsentsProvider },
    { provide: ConsentContracts.CONSENT_HISTORY, useClass: ConsentHistoryProvider },
    { provide: ConsentContracts.SENDER_EXEMPTIONS, useClass: SenderExemptionsProvider },
    DeliveryChecker,
    GateRecords,
    OperatorScope,
    CheckDeliveriesHandler,
    GateScheduler,
    SubmitScrubJobHandler,
    GetScrubJobHandler,
    GetScrubJobResultHandler,
    ScrubJobWorker,
    { provide: SCRUB_WORKER_ENABLED, useFactory: (config: { runProjections: boolean }) => config.runProjections, inject: [APP_CONFIG] },
    // The batch worker runs wherever projections run (the worker app, or the API by default).
    { provide: 'CONSENT_BATCH_WORKER_ENABLED', useFactory: (config: { runProjections: boolean }) => config.runProjections, inject: [APP_CONFIG] },
  ],
  exports: [ConsentContracts.BRAND_CONSENT_STATS, ConsentContracts.RECIPIENT_CONSENTS, ConsentContracts.CONSENT_HISTORY, ConsentContracts.SENDER_EXEMPTIONS],
})
export class ConsentModule implements OnModuleInit {
  constructor(
    @Inject(ProjectionRegistry) private readonly projections: ProjectionRegistry,
    @Inject(MessageTemplates) private readonly templates: MessageTemplates,
  ) {}

  onModuleInit(): void {
    this.projections.ownStreams(ConsentContracts.STREAMS);
    this.projections.register(consentBrandsProjection);
    this.projections.register(currentConsentProjection);
    this.projections.register(consentChangesProjection);
    this.projections.register(operatorGateProjection);
    this.projections.register(gateDenialsErasureProjection);
    this.projections.register(scrubJobsProjection);
    this.projections.register(consentRetailersProjection);
    this.templates.register(...consentVerificationTemplates);
  }
}
