import type { MigrationInterface, QueryRunner } from 'typeorm';
import { CONSENT_OUTBOX_DDL } from './1732300005000-consent-verification.migration.js';

/**
 * The consent context's own outbox gives way to the registry's one outbox (ADR 0018): any message
 * still in `consent.outbox` moves to `outbox.messages` (runs after Outbox1732300008000), then the
 * table goes. A message already sent stays `sent`; one that used up the old 10 attempts becomes a
 * dead letter an administrator can retry; the rest stay pending, with their attempts and due time.
 */
export class ConsentOutboxToPlatformOutbox1732300008100 implements MigrationInterface {
  name = 'ConsentOutboxToPlatformOutbox1732300008100';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      INSERT INTO outbox.messages
        (id, channel, recipient_id, recipient, template, params, sealed_params, created_at,
         status, attempts, next_attempt_at, sent_at, last_error, dead_at)
      SELECT id, channel, recipient_id, recipient, template, params, sealed_params, created_at,
             CASE WHEN sent_at IS NOT NULL THEN 'sent' WHEN attempts >= 10 THEN 'dead' ELSE 'pending' END,
             attempts, next_attempt_at, sent_at,
             CASE WHEN sent_at IS NULL AND attempts >= 10 THEN 'MaxAttempts' END,
             CASE WHEN sent_at IS NULL AND attempts >= 10 THEN next_attempt_at END
        FROM consent.outbox
      ON CONFLICT (id) DO NOTHING`);
    await runner.query(`DROP TABLE consent.outbox`);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const statement of CONSENT_OUTBOX_DDL) await runner.query(statement);
    // The consent context's messages go back; dropped ones were never sent and stay unsent.
    await runner.query(`
      WITH moved AS (
        DELETE FROM outbox.messages WHERE template LIKE 'consent-verification.%' AND channel IN ('sms', 'call')
        RETURNING *)
      INSERT INTO consent.outbox (id, channel, recipient_id, recipient, template, params, sealed_params, created_at, attempts, next_attempt_at, sent_at)
      SELECT id, channel, recipient_id, recipient, template, params, sealed_params, created_at, least(attempts, 10), next_attempt_at, sent_at FROM moved`);
  }
}
