import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `recorded_at`: when the development RecordingMessageSender wrote the row's message to its file.
 * A retried row (attempt > 1) is recorded only if this is still null, so the recorder needs no
 * memory of what it wrote and never reads its file (ADR 0018). Gateways keep their own idempotency.
 */
export class OutboxRecordedAt1732300019000 implements MigrationInterface {
  name = 'OutboxRecordedAt1732300019000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE outbox.messages ADD COLUMN recorded_at timestamptz`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE outbox.messages DROP COLUMN recorded_at`);
  }
}
