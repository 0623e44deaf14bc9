// Public surface of the outbox (ADR 0018): enqueue in your transaction, register your templates.
import type { MigrationClass } from '@iys/platform/database';
import { Outbox1732300008000 } from './migrations/1732300008000-outbox.migration.js';

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
export { Outbox1732300008000 };

export const outboxMigrations: MigrationClass[] = [Outbox1732300008000];
