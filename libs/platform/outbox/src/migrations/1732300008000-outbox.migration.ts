import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The registry's one transactional outbox (`outbox.messages`): every message to a person, whatever
 * the context that causes it, is written here in the transaction of the fact behind it and
 * delivered by `OutboxDispatcher` (ADR 0018). Not a read model: operational state, never rebuilt.
 *
 * No personal data in clear: `recipient` and `sealed_params` are sealed under the recipient's data
 * key (PiiVault), `params` holds only non-personal template values, and `last_error` only an error's
 * name, code or HTTP status.
 */
export class Outbox1732300008000 implements MigrationInterface {
  name = 'Outbox1732300008000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE SCHEMA IF NOT EXISTS outbox`);
    await runner.query(`
      CREATE TABLE outbox.messages (
        id uuid PRIMARY KEY,
        channel text NOT NULL CHECK (channel IN ('sms', 'email', 'call')),
        recipient_id uuid NOT NULL,
        recipient jsonb NOT NULL,
        template text NOT NULL,
        params jsonb NOT NULL,
        sealed_params jsonb,
        created_at timestamptz NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'dead', 'dropped')),
        attempts int NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL,
        sent_at timestamptz,
        last_error text,
        dead_at timestamptz,
        dropped_at timestamptz
      )`);
    // What the dispatcher claims: pending rows by due time. Sent, dead and dropped rows leave the index.
    await runner.query(`CREATE INDEX messages_due ON outbox.messages (next_attempt_at, created_at) WHERE status = 'pending'`);
    // The administrator's dead-letter list, oldest message first.
    await runner.query(`CREATE INDEX messages_dead ON outbox.messages (created_at, id) WHERE status = 'dead'`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE outbox.messages`);
    await runner.query(`DROP SCHEMA outbox`);
  }
}
