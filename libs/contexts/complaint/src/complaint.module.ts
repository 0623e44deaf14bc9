import { PanelComplaintsController } from './infrastructure/web/panel-complaints.controller.js';
import { ComplaintContracts } from '@iys/contracts';
import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ProjectionRegistry, registerIysCodes } from '@iys/platform/nest';
import { MessageTemplates } from '@iys/platform/outbox';
import { PiiVault } from '@iys/platform/pii';
import { AttachmentVault } from './application/attachment-vault.js';
import { AddAttachmentHandler } from './application/commands/add-attachment/add-attachment.handler.js';
import { AssignAuthorityScopeHandler } from './application/commands/assign-authority-scope/assign-authority-scope.handler.js';
import { AssignInspectorHandler } from './application/commands/assign-inspector/assign-inspector.handler.js';
import { CheckConsentsHandler } from './application/commands/check-consents/check-consents.handler.js';
import { CloseComplaintHandler } from './application/commands/close-complaint/close-complaint.handler.js';
import { DecideComplaintHandler } from './application/commands/decide-complaint/decide-complaint.handler.js';
import { FileComplaintHandler } from './application/commands/file-complaint/file-complaint.handler.js';
import { RejectCheckedConsentHandler } from './application/commands/reject-checked-consent/reject-checked-consent.handler.js';
import { RequestDefenseHandler } from './application/commands/request-defense/request-defense.handler.js';
import { ResolveSenderHandler } from './application/commands/resolve-sender/resolve-sender.handler.js';
import { SubmitDefenseHandler } from './application/commands/submit-defense/submit-defense.handler.js';
import { WithdrawComplaintHandler } from './application/commands/withdraw-complaint/withdraw-complaint.handler.js';
import { ShredExpiredComplaintsHandler } from './application/commands/shred-expired-complaints/shred-expired-complaints.handler.js';
import { SweepDefenseDeadlinesHandler } from './application/commands/sweep-defense-deadlines/sweep-defense-deadlines.handler.js';
import { ComplaintAccess } from './application/complaint-access.js';
import { ComplaintScheduler } from './application/complaint.scheduler.js';
import { COMPLAINT_MESSAGE_TEMPLATES } from './application/complaint-message.templates.js';
import { ComplaintViews } from './application/complaint-views.js';
import { ConsentEvidenceTaker } from './application/consent-evidence.js';
import { complaintDirectoryProjection } from './application/projections/complaint-directory.projection.js';
import { complaintNoticesProjection } from './application/projections/complaint-notices.projection.js';
import { complaintsProjection } from './application/projections/complaints.projection.js';
import { providerContactsProjection } from './application/projections/provider-contacts.projection.js';
import { CheckEvidenceHandler } from './application/queries/check-evidence/check-evidence.handler.js';
import { GetComplaintChartsHandler } from './application/queries/get-complaint-charts/get-complaint-charts.handler.js';
import { COMPLAINT_CHARTS } from './application/complaint-charts.port.js';
import { PostgresComplaintCharts } from './infrastructure/read-models/postgres-complaint-charts.js';
import { ATTACHMENT_FILES } from './application/attachment-files.port.js';
import { COMPLAINT_CHECKS } from './application/complaint-checks.port.js';
import { COMPLAINT_RECORDS } from './application/complaint-records.port.js';
import { COMPLAINT_SELECTIONS } from './application/complaint-selections.port.js';
import { SENDER_RECORDS } from './application/sender-records.port.js';
import { AuthorityScopeRecord, ComplaintRecord } from './infrastructure/read-models/complaint.record.js';
import { PostgresAttachmentFiles } from './infrastructure/read-models/postgres-attachment-files.js';
import { PostgresComplaintChecks } from './infrastructure/read-models/postgres-complaint-checks.js';
import { PostgresComplaintSelections } from './infrastructure/read-models/postgres-complaint-selections.js';
import { PostgresSenderRecords } from './infrastructure/read-models/postgres-sender-records.js';
import { TypeOrmComplaintRecords } from './infrastructure/read-models/typeorm-complaint-records.repository.js';
import { GetComplaintStatsHandler } from './application/queries/get-complaint-stats/get-complaint-stats.handler.js';
import { GetComplaintHandler } from './application/queries/get-complaint/get-complaint.handler.js';
import { ListComplaintQueueHandler } from './application/queries/list-complaint-queue/list-complaint-queue.handler.js';
import { ListMyComplaintsHandler } from './application/queries/list-my-complaints/list-my-complaints.handler.js';
import { SenderDirectory } from './application/sender-directory.js';
import { COMPLAINT_ERRORS } from './domain/complaint.errors.js';
import { MAX_ATTACHMENT_BYTES } from './domain/complaint-inputs.js';
import { AuthorityComplaintsController, ComplaintScopesController } from './infrastructure/http/authority-complaints.controller.js';
import { ATTACHMENT_UPLOAD_PATH } from './infrastructure/http/complaint-http.js';
import { ProviderComplaintsController } from './infrastructure/http/provider-complaints.controller.js';
import { RecipientComplaintsController } from './infrastructure/http/recipient-complaints.controller.js';
import { CitizenComplaintsController } from './infrastructure/web/citizen-complaints.controller.js';
import { ComplaintConsoleController } from './infrastructure/web/complaint-console.controller.js';

registerIysCodes(COMPLAINT_ERRORS);

interface FastifyLike {
  addContentTypeParser(
    type: string,
    options: { parseAs: 'buffer'; bodyLimit: number },
    parser: (request: { url: string }, body: Buffer, done: (error: Error | null, body?: unknown) => void) => void,
  ): void;
}

/**
 * Complaints about unsolicited messages: filing (web, call centre) with a check step, sender
 * resolution, the consent as of the message time with proofs and an automatic assessment, the
 * authority's queue and decisions, the provider's defense, the complainant's follow-up.
 */
@Module({
  imports: [CqrsModule, TypeOrmModule.forFeature([ComplaintRecord, AuthorityScopeRecord])],
  controllers: [RecipientComplaintsController, AuthorityComplaintsController, ComplaintScopesController, ProviderComplaintsController, CitizenComplaintsController, ComplaintConsoleController, PanelComplaintsController],
  providers: [
    ComplaintAccess,
    ComplaintViews,
    ConsentEvidenceTaker,
    SenderDirectory,
    AttachmentVault,
    FileComplaintHandler,
    CheckConsentsHandler,
    RejectCheckedConsentHandler,
    AddAttachmentHandler,
    WithdrawComplaintHandler,
    AssignAuthorityScopeHandler,
    ResolveSenderHandler,
    AssignInspectorHandler,
    RequestDefenseHandler,
    SubmitDefenseHandler,
    DecideComplaintHandler,
    CloseComplaintHandler,
    SweepDefenseDeadlinesHandler,
    ShredExpiredComplaintsHandler,
    ComplaintScheduler,
    ListMyComplaintsHandler,
    ListComplaintQueueHandler,
    GetComplaintHandler,
    GetComplaintStatsHandler,
    GetComplaintChartsHandler,
    { provide: COMPLAINT_CHARTS, useClass: PostgresComplaintCharts },
    { provide: COMPLAINT_RECORDS, useClass: TypeOrmComplaintRecords },
    { provide: COMPLAINT_SELECTIONS, useClass: PostgresComplaintSelections },
    { provide: COMPLAINT_CHECKS, useClass: PostgresComplaintChecks },
    { provide: ATTACHMENT_FILES, useClass: PostgresAttachmentFiles },
    { provide: SENDER_RECORDS, useClass: PostgresSenderRecords },
    CheckEvidenceHandler,
  ],
})
export class ComplaintModule implements OnModuleInit {
  constructor(
    @Inject(ProjectionRegistry) private readonly projections: ProjectionRegistry,
    @Inject(MessageTemplates) private readonly templates: MessageTemplates,
    @Inject(HttpAdapterHost) private readonly http: HttpAdapterHost,
    @Inject(PiiVault) private readonly vault: PiiVault,
  ) {}

  onModuleInit(): void {
    this.projections.ownStreams(ComplaintContracts.STREAMS);
    this.projections.register(complaintDirectoryProjection);
    this.projections.register(providerContactsProjection);
    this.projections.register(complaintsProjection(this.vault));
    this.projections.register(complaintNoticesProjection);
    this.templates.register(...COMPLAINT_MESSAGE_TEMPLATES);
    // Attachments are uploaded as the file itself, on their two routes only (the CLI has no HTTP server).
    const server = this.http?.httpAdapter?.getInstance?.() as FastifyLike | undefined;
    server?.addContentTypeParser?.('application/octet-stream', { parseAs: 'buffer', bodyLimit: MAX_ATTACHMENT_BYTES + 1 }, (request, body, done) => {
      if (!ATTACHMENT_UPLOAD_PATH.test(request.url)) {
        done(Object.assign(new Error('Unsupported Media Type'), { statusCode: 415, code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE' }));
        return;
      }
      done(null, body);
    });
  }
}
