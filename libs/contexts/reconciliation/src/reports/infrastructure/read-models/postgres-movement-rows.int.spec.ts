import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { systemClock } from '@iys/platform/building-blocks';
import { PiiVault, piiMigrations, type EncryptedValue } from '@iys/platform/pii';
import { createTestDatabase, type TestDatabase } from '@iys/platform/testing';
import { MovementFileSource } from '../../application/movement-file.source.js';
import type { MovementRows } from '../../application/movement-rows.port.js';
import type { ReportScopeOf } from '../../domain/report-day.js';
import { ReconciliationReadModels1732300006000 } from '../../../infrastructure/read-models/migrations/1732300006000-reconciliation-read-models.migration.js';
import { MovementsShardKey1732300040300 } from '../../../infrastructure/read-models/migrations/1732300040300-movements-shard-key.migration.js';
import { PostgresMovementRows } from './postgres-movement-rows.js';
import { SealedMovementFiles } from './postgres-sealed-movement-files.js';

/**
 * A computed movement file (M4) opens its recipients on the vault's worker threads, several chunks in
 * flight (docs/adr/0068): the bytes must be those of opening them one chunk after another on the
 * calling thread, in the rows' order, erased recipients masked, however the day is cut.
 */
describe('the computed movement file with the vault on worker threads', () => {
  let db: TestDatabase;
  let vault: PiiVault;
  const scope: ReportScopeOf = { iysCode: 700001, brandCode: 600001, day: '2026-11-22' };
  const ROWS = 2_345;

  beforeAll(async () => {
    db = await createTestDatabase([...piiMigrations, ReconciliationReadModels1732300006000, MovementsShardKey1732300040300], 6);
    vault = new PiiVault({ pool: db.pool, masterKey: randomBytes(32), hmacKey: randomBytes(32), decryptionWorkers: 2 });
    const ids = await vault.resolveMany(Array.from({ length: ROWS }, (_, i) => ({ kind: 'phone' as const, value: `+90533${String(1_000_000 + i)}` })));
    const sealed: EncryptedValue[] = await vault.encryptMany(ids.map((recipientId, i) => ({ recipientId, plaintext: `+90533${String(1_000_000 + i)}` })));
    await db.pool.query(
      `INSERT INTO reconciliation.daily_movements (event_id, global_position, log_transaction_id, iys_code, brand_code, day, origin, recipient, recipient_id,
                                                   recipient_type, type, status, consent_date, source, creation_date)
       SELECT gen_random_uuid(), i, i, $1, $2, $3::date, 'HS', r.value, (r.value->>'kid')::uuid, 'BIREYSEL', CASE WHEN i % 3 = 0 THEN 'ARAMA' ELSE 'MESAJ' END,
              CASE WHEN i % 7 = 0 THEN 'RET' ELSE 'ONAY' END, timestamptz '2026-11-21 21:00:00+00' + i * interval '1 second', 'HS_WEB',
              timestamptz '2026-11-21 22:00:00.123+00' + i * interval '1 second'
         FROM jsonb_array_elements($4::jsonb) WITH ORDINALITY r(value, i)`,
      [scope.iysCode, scope.brandCode, scope.day, JSON.stringify(sealed)],
    );
    for (const index of [0, 999, 1000, ROWS - 1]) await vault.shred(ids[index]);
  });
  afterAll(async () => {
    await vault.closeWorkers();
    await db.drop();
  });

  const file = async (rows: MovementRows, paging?: { pageSize: number; decryptChunk: number; inFlight: number }) => {
    const source = new MovementFileSource(rows, new SealedMovementFiles(db.pool, systemClock, vault, db.pool));
    const chunks: Buffer[] = [];
    for await (const chunk of source.computedChunks(scope, paging)) chunks.push(chunk);
    return Buffer.concat(chunks).toString('utf8');
  };

  it('writes the same bytes as opening every chunk on the calling thread', async () => {
    const workers = new PostgresMovementRows(db.pool, vault);
    const oneThread: MovementRows = { page: (s, after, size) => workers.page(s, after, size), openRecipients: (sealed) => vault.decryptMany([...sealed], db.pool) };
    const expected = await file(oneThread, { pageSize: 5000, decryptChunk: 1000, inFlight: 1 });
    expect(expected.split('\r\n').filter(Boolean)).toHaveLength(ROWS + 1);
    expect(expected.split('***')).toHaveLength(5); // the four erased recipients
    expect(expected).toContain('+905331001234');
    expect(await file(workers)).toBe(expected);
    for (const paging of [
      { pageSize: 700, decryptChunk: 100, inFlight: 5 },
      { pageSize: 1000, decryptChunk: 333, inFlight: 2 },
      { pageSize: 97, decryptChunk: 1000, inFlight: 16 },
    ]) {
      expect({ paging, same: (await file(workers, paging)) === expected }).toEqual({ paging, same: true });
    }
  });
});
