import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import type { SqlExecutor } from '@iys/platform/database';
import { eventStoreMigrations, PostgresEventStore, streamId, type ProjectionDefinition } from '@iys/platform/event-store';
import { createTestDatabase, type TestDatabase } from '@iys/platform/testing';
import { MASKED, PiiVault, piiMigrations } from './index.js';
import { eraseSubject, RECIPIENT_DATA_ERASED } from './subject-erasure.js';

const PHONE = '+905321234567';
const EMAIL = 'ayse.yilmaz@ornek.com.tr';

/** A read model holding the encrypted address, as the consent projections will. */
const consentView: ProjectionDefinition = {
  name: 'shred-view',
  version: 1,
  inline: true,
  async handle(events, tx: SqlExecutor) {
    for (const event of events) {
      if (event.type === RECIPIENT_DATA_ERASED) {
        await tx.query('DELETE FROM public.shred_view WHERE recipient_id = $1', [event.data.recipientId]);
      } else {
        await tx.query('INSERT INTO public.shred_view (recipient_id, recipient) VALUES ($1, $2)', [event.data.recipientId, event.data.recipient]);
      }
    }
  },
  async reset(tx) {
    await tx.query('TRUNCATE public.shred_view');
  },
};

/** Every row of every table in the database, searched as text for the plaintext. */
async function tablesContaining(db: TestDatabase, needle: string): Promise<string[]> {
  const { rows: tables } = await db.pool.query<{ name: string }>(
    `SELECT format('%I.%I', table_schema, table_name) AS name FROM information_schema.tables
      WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')`,
  );
  const found: string[] = [];
  for (const { name } of tables) {
    const { rows } = await db.pool.query(`SELECT 1 FROM ${name} t WHERE t::text ILIKE $1 LIMIT 1`, [`%${needle}%`]);
    if (rows.length > 0) found.push(name);
  }
  return found;
}

describe('eraseSubject (crypto-shredding)', () => {
  let db: TestDatabase;
  let vault: PiiVault;
  let store: PostgresEventStore;

  beforeAll(async () => {
    db = await createTestDatabase([...eventStoreMigrations, ...piiMigrations]);
    await db.pool.query('CREATE TABLE public.shred_view (recipient_id uuid NOT NULL, recipient jsonb NOT NULL)');
    vault = new PiiVault({ pool: db.pool, masterKey: randomBytes(32), hmacKey: randomBytes(32) });
    store = new PostgresEventStore({ pool: db.pool, inlineProjections: [consentView] });
  });
  afterAll(() => db.drop());

  it('leaves events loadable but masked, drops projected rows, and no plaintext anywhere', async () => {
    const subjects = [];
    for (const address of [PHONE, EMAIL]) {
      const { recipientId, normalised } = await vault.resolveRecipientId(address);
      const recipient = await vault.encrypt(recipientId, normalised.value);
      const stream = streamId('consent', recipientId, 100, 'MESAJ', 'BIREYSEL');
      await store.append({ streamId: stream, expectedVersion: 'no_stream', events: [{ type: 'consent.ConsentApproved', data: { recipientId, recipient } }] });
      subjects.push({ recipientId, stream });
    }
    const [erased, kept] = subjects;
    expect(await tablesContaining(db, '5321234567')).toEqual([]);

    await eraseSubject({ vault, store }, erased.recipientId, 'recipient-request');
    const again = await eraseSubject({ vault, store }, erased.recipientId, 'recipient-request');
    expect(again.duplicate).toBe(true);

    const [event] = await store.readStream(erased.stream);
    expect(await vault.decrypt(event.data.recipient as never)).toBe(MASKED);
    expect(await vault.findRecipientId(PHONE)).toBeUndefined();
    const view = await db.pool.query('SELECT recipient_id FROM public.shred_view');
    expect(view.rows.map((r) => r.recipient_id)).toEqual([kept.recipientId]);

    const [keptEvent] = await store.readStream(kept.stream);
    expect(await vault.decrypt(keptEvent.data.recipient as never)).toBe(EMAIL);
    expect(await tablesContaining(db, '5321234567')).toEqual([]);
    expect(await tablesContaining(db, erased.recipientId)).not.toContain('pii.recipient_registry');
  });
});
