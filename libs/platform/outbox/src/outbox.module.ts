import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '@iys/platform/config';
import { APP_CONFIG } from '@iys/platform/nest';
import { CALL_SENDER, EMAIL_SENDER, SMS_SENDER, type MessageSender, type OutboxSenders } from './message-sender.js';
import { MessageTemplates } from './message-templates.js';
import { OutboxAdmin } from './outbox-admin.js';
import { OutboxAdminController } from './outbox-admin.controller.js';
import { registerOutboxCodes } from './outbox-codes.js';
import { OUTBOX_SENDERS, OUTBOX_SETTINGS, OutboxDispatcher, type OutboxSettings } from './outbox-dispatcher.js';
import { HttpGatewaySender } from './senders/http-gateway.sender.js';
import { RECORDING_SETTINGS, recordedMessagesFile, RecordingMessageSender, type RecordingSettings } from './senders/recording-message.sender.js';
import { SmtpEmailSender } from './senders/smtp-email.sender.js';
import { OutboxConsoleController } from './outbox-console.controller.js';

registerOutboxCodes();

type RuntimeConfig = AppConfig & { runProjections: boolean };

/**
 * The registry's one outbox for every context (ADR 0018): templates, the three channels' senders
 * chosen from configuration (a gateway when configured, else the shared RecordingMessageSender),
 * the dispatcher where background work runs, and the administrator's dead-letter routes.
 * Global, so that any context can inject MessageTemplates and enqueue in its own transactions.
 */
@Global()
@Module({
  controllers: [OutboxAdminController, OutboxConsoleController],
  providers: [
    MessageTemplates,
    OutboxAdmin,
    {
      provide: RECORDING_SETTINGS,
      useFactory: (config: RuntimeConfig): RecordingSettings => ({
        file: recordedMessagesFile(config.IYS_DATA_DIR),
        rotateBytes: config.IYS_OUTBOX_RECORDING_ROTATE_MB * 1024 * 1024,
        keep: config.IYS_OUTBOX_RECORDING_KEEP,
      }),
      inject: [APP_CONFIG],
    },
    RecordingMessageSender,
    {
      provide: SMS_SENDER,
      useFactory: (config: RuntimeConfig, recording: RecordingMessageSender) =>
        config.IYS_SMS_GATEWAY_URL ? new HttpGatewaySender({ url: config.IYS_SMS_GATEWAY_URL, token: config.IYS_SMS_GATEWAY_TOKEN }) : recording,
      inject: [APP_CONFIG, RecordingMessageSender],
    },
    {
      provide: CALL_SENDER,
      useFactory: (config: RuntimeConfig, recording: RecordingMessageSender) =>
        config.IYS_CALL_GATEWAY_URL ? new HttpGatewaySender({ url: config.IYS_CALL_GATEWAY_URL, token: config.IYS_CALL_GATEWAY_TOKEN }) : recording,
      inject: [APP_CONFIG, RecordingMessageSender],
    },
    {
      provide: EMAIL_SENDER,
      useFactory: (config: RuntimeConfig, recording: RecordingMessageSender) =>
        config.IYS_SMTP_URL && config.IYS_MAIL_FROM ? new SmtpEmailSender({ url: config.IYS_SMTP_URL, from: config.IYS_MAIL_FROM }) : recording,
      inject: [APP_CONFIG, RecordingMessageSender],
    },
    {
      provide: OUTBOX_SENDERS,
      useFactory: (sms: MessageSender, email: MessageSender, call: MessageSender): OutboxSenders => ({ sms, email, call }),
      inject: [SMS_SENDER, EMAIL_SENDER, CALL_SENDER],
    },
    // The dispatcher runs wherever background work runs (the worker app, or the API by default).
    {
      provide: OUTBOX_SETTINGS,
      useFactory: (config: RuntimeConfig): OutboxSettings => ({ enabled: config.runProjections, maxAttempts: config.IYS_OUTBOX_MAX_ATTEMPTS }),
      inject: [APP_CONFIG],
    },
    OutboxDispatcher,
  ],
  exports: [MessageTemplates, RecordingMessageSender, OutboxDispatcher, OutboxAdmin, SMS_SENDER, EMAIL_SENDER, CALL_SENDER],
})
export class OutboxModule implements OnApplicationShutdown {
  constructor(@Inject(EMAIL_SENDER) private readonly email: MessageSender) {}

  onApplicationShutdown(): void {
    if (this.email instanceof SmtpEmailSender) this.email.close();
  }
}
