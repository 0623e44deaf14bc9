// Public surface of the outbox (ADR 0018): enqueue in your transaction, register your templates.
import type { MigrationClass } from '@iys/platform/database';
import { Outbox1732300008000 } from './migrations/1732300008000-outbox.migration.js';
import { OutboxRecordedAt1732300019000 } from './migrations/1732300019000-outbox-recorded-at.migration.js';

export * from './outbox-message.js';
export * from './message-templates.js';
export * from './message-sender.js';
export * from './senders/recording-message.sender.js';
export * from './senders/http-gateway.sender.js';
export * from './senders/smtp-email.sender.js';
export * from './outbox-dispatcher.js';
export * from './outbox-admin.js';
export * from './outbox-codes.js';
export { OutboxModule } from './outbox.module.js';
export { Outbox1732300008000, OutboxRecordedAt1732300019000 };

export const outboxMigrations: MigrationClass[] = [Outbox1732300008000, OutboxRecordedAt1732300019000];
