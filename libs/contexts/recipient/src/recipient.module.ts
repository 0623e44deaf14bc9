import { RECIPIENT_RECORDS } from './application/recipient-records.port.js';
import { PostgresRecipientRecords } from './infrastructure/read-models/postgres-recipient-records.js';
import { Global, Inject, Module, type OnModuleInit } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { RecipientContracts } from '@iys/contracts';
import { APP_CONFIG, ProjectionRegistry, RECIPIENT_AUTHENTICATOR, TOKEN_SIGNING_KEY } from '@iys/platform/nest';
import { MessageTemplates } from '@iys/platform/outbox';
import { OneTimeCodeHasher } from '@iys/platform/pii';
import { AddAddressHandler } from './application/commands/add-address/add-address.handler.js';
import { DecideConsentHandler } from './application/commands/decide-consent/decide-consent.handler.js';
import { ExecuteDueErasuresHandler } from './application/commands/execute-due-erasures/execute-due-erasures.handler.js';
import { HandleInboundSmsHandler } from './application/commands/handle-inbound-sms/handle-inbound-sms.handler.js';
import { OptOutByLinkHandler } from './application/commands/opt-out-by-link/opt-out-by-link.handler.js';
import { PruneExpiredSecretsHandler } from './application/commands/prune-expired-secrets/prune-expired-secrets.handler.js';
import { RejectConsentsHandler } from './application/commands/reject-consents/reject-consents.handler.js';
import { RequestCodeHandler } from './application/commands/request-code/request-code.handler.js';
import { RequestErasureHandler } from './application/commands/request-erasure/request-erasure.handler.js';
import { SignInHandler } from './application/commands/sign-in/sign-in.handler.js';
import { SignOutHandler } from './application/commands/sign-out/sign-out.handler.js';
import { ErasureScheduler } from './application/erasure/erasure.scheduler.js';
import { ONE_TIME_CODE_GENERATOR, RECIPIENT_CODE_HASHER, randomCodes } from './application/identity/identity.tokens.js';
import { RecipientAccounts } from './application/identity/recipient-accounts.js';
import { RecipientAddressBook } from './application/identity/recipient-address-book.js';
import { RecipientSessions } from './application/identity/recipient-sessions.js';
import { SignInCodes } from './application/identity/sign-in-codes.js';
import { SmsWebhookSignature } from './application/identity/sms-webhook-signature.js';
import { ConsentNoticeSender } from './application/notices/consent-notice.sender.js';
import { OptOutLinks } from './application/notices/opt-out-links.js';
import { agentSessionsProjection } from './application/projections/agent-sessions.projection.js';
import { consentNoticesProjection } from './application/projections/consent-notices.projection.js';
import { recipientAccountsProjection } from './application/projections/recipient-accounts.projection.js';
import { recipientBrandsProjection } from './application/projections/recipient-brands.projection.js';
import { ExportMyDataHandler } from './application/queries/export-my-data/export-my-data.handler.js';
import { GetConsentHistoryHandler } from './application/queries/get-consent-history/get-consent-history.handler.js';
import { ListMyAddressesHandler } from './application/queries/list-my-addresses/list-my-addresses.handler.js';
import { ListMyConsentsHandler } from './application/queries/list-my-consents/list-my-consents.handler.js';
import { registerRecipientCodes } from './application/recipient-codes.js';
import { RecipientConsentService } from './application/recipient-consents.js';
import { RECIPIENT_MESSAGE_TEMPLATES } from './application/recipient-message.templates.js';
import { CallCentreController } from './infrastructure/http/call-centre.controller.js';
import { InboundSmsController } from './infrastructure/http/inbound-sms.controller.js';
import { MyConsentsController } from './infrastructure/http/my-consents.controller.js';
import { OptOutController } from './infrastructure/http/opt-out.controller.js';
import { RecipientAuthController } from './infrastructure/http/recipient-auth.controller.js';
import { CitizenConsentsController } from './infrastructure/web/citizen-consents.controller.js';
import { CitizenAccountController } from './infrastructure/web/citizen-account.controller.js';
import { CitizenOptOutController } from './infrastructure/web/citizen-opt-out.controller.js';
import { CitizenSessionController } from './infrastructure/web/citizen-session.controller.js';

registerRecipientCodes();

/**
 * The recipient's side of the registry: sign-in by one-time code, the one-screen view of every
 * consent in their name, approvals and rejections through web, short SMS number and call centre,
 * consent notices with one-click opt-out, data export and erasure. Talks to the consent registry
 * only through its published port (ConsentContracts.RECIPIENT_CONSENTS). Global only so that the
 * perimeter's guard finds the recipient authenticator by its platform token.
 */
@Global()
@Module({
  imports: [CqrsModule],
  controllers: [RecipientAuthController, MyConsentsController, OptOutController, InboundSmsController, CallCentreController, CitizenSessionController, CitizenConsentsController, CitizenAccountController, CitizenOptOutController],
  providers: [
    { provide: RECIPIENT_RECORDS, useClass: PostgresRecipientRecords },
    SignInCodes,
    RecipientSessions,
    { provide: RECIPIENT_AUTHENTICATOR, useExisting: RecipientSessions },
    RecipientAccounts,
    RecipientAddressBook,
    { provide: RecipientContracts.RECIPIENT_ADDRESSES, useExisting: RecipientAddressBook },
    RecipientConsentService,
    OptOutLinks,
    SmsWebhookSignature,
    ConsentNoticeSender,
    ErasureScheduler,
    { provide: ONE_TIME_CODE_GENERATOR, useValue: randomCodes },
    { provide: RECIPIENT_CODE_HASHER, useFactory: (secret: Buffer) => new OneTimeCodeHasher(secret, 'recipient-one-time-code'), inject: [TOKEN_SIGNING_KEY] },
    { provide: 'RECIPIENT_BACKGROUND_WORK_ENABLED', useFactory: (config: { runProjections: boolean }) => config.runProjections, inject: [APP_CONFIG] },
    RequestCodeHandler,
    SignInHandler,
    AddAddressHandler,
    SignOutHandler,
    DecideConsentHandler,
    RejectConsentsHandler,
    OptOutByLinkHandler,
    HandleInboundSmsHandler,
    RequestErasureHandler,
    ExecuteDueErasuresHandler,
    PruneExpiredSecretsHandler,
    ListMyConsentsHandler,
    GetConsentHistoryHandler,
    ListMyAddressesHandler,
    ExportMyDataHandler,
  ],
  exports: [RECIPIENT_AUTHENTICATOR, RecipientContracts.RECIPIENT_ADDRESSES],
})
export class RecipientModule implements OnModuleInit {
  constructor(
    @Inject(ProjectionRegistry) private readonly projections: ProjectionRegistry,
    @Inject(MessageTemplates) private readonly templates: MessageTemplates,
  ) {}

  onModuleInit(): void {
    this.projections.ownStreams(RecipientContracts.STREAMS);
    this.projections.register(recipientBrandsProjection);
    this.projections.register(recipientAccountsProjection);
    this.projections.register(consentNoticesProjection);
    this.projections.register(agentSessionsProjection);
    this.templates.register(...RECIPIENT_MESSAGE_TEMPLATES);
  }
}
