import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runMigrations } from '@iys/platform/database';
import { outboxMigrations } from '@iys/platform/outbox';
import { createTestDatabase, type TestDatabase } from '@iys/platform/testing';
import { ConsentReadModels1732300004000 } from './1732300004000-consent-read-models.migration.js';
import { ConsentVerification1732300005000 } from './1732300005000-consent-verification.migration.js';
import { ConsentOutboxToPlatformOutbox1732300008100 } from './1732300008100-consent-outbox-to-platform-outbox.migration.js';

describe('migration 1732300008100: consent.outbox moves into outbox.messages', () => {
  let db: TestDatabase;
  const before = [ConsentReadModels1732300004000, ConsentVerification1732300005000];
  beforeAll(async () => {
    db = await createTestDatabase(before);
  });
  afterAll(() => db?.drop());

  it('keeps every message with its state, then drops the old table', async () => {
    const sealed = JSON.stringify({ v: 1, kid: '00000000-0000-4000-8000-0000000000a1', iv: 'x', ct: 'y', tag: 'z' });
    const rows: [string, number, string | null][] = [
      ['00000000-0000-4000-8000-000000000001', 0, null], // pending
      ['00000000-0000-4000-8000-000000000002', 1, '2026-11-23T07:00:05Z'], // sent
      ['00000000-0000-4000-8000-000000000003', 10, null], // gave up under the old rules
    ];
    for (const [id, attempts, sentAt] of rows) {
      await db.pool.query(
        `INSERT INTO consent.outbox (id, channel, recipient_id, recipient, template, params, sealed_params, created_at, attempts, next_attempt_at, sent_at)
         VALUES ($1, 'sms', '00000000-0000-4000-8000-0000000000a1', $2, 'consent-verification.sms', '{"iysCode": 1}', $2, '2026-11-23T07:00:00Z', $3, '2026-11-23T07:10:00Z', $4)`,
        [id, sealed, attempts, sentAt],
      );
    }

    await runMigrations(db.url, [...before, ...outboxMigrations, ConsentOutboxToPlatformOutbox1732300008100]);

    const { rows: moved } = await db.pool.query<{ id: string; status: string; attempts: number; sent_at: Date | null; dead_at: Date | null; last_error: string | null; params: unknown; recipient: unknown }>(
      'SELECT id, status, attempts, sent_at, dead_at, last_error, params, recipient FROM outbox.messages ORDER BY id',
    );
    expect(moved).toEqual([
      { id: rows[0]![0], status: 'pending', attempts: 0, sent_at: null, dead_at: null, last_error: null, params: { iysCode: 1 }, recipient: JSON.parse(sealed) },
      { id: rows[1]![0], status: 'sent', attempts: 1, sent_at: new Date('2026-11-23T07:00:05Z'), dead_at: null, last_error: null, params: { iysCode: 1 }, recipient: JSON.parse(sealed) },
      { id: rows[2]![0], status: 'dead', attempts: 10, sent_at: null, dead_at: new Date('2026-11-23T07:10:00Z'), last_error: 'MaxAttempts', params: { iysCode: 1 }, recipient: JSON.parse(sealed) },
    ]);
    expect((await db.pool.query(`SELECT to_regclass('consent.outbox') AS table`)).rows[0]).toEqual({ table: null });
  });
});
