import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { SqlExecutor } from '@iys/platform/database';
import { eventStoreMigrations } from '@iys/platform/event-store';
import { outboxMigrations } from '@iys/platform/outbox';
import { piiMigrations } from '@iys/platform/pii';
import { createTestDatabase, type TestDatabase } from '@iys/platform/testing';
import { consentMigrations } from '../../index.js';
import { PostgresCurrentConsentReads } from './postgres-current-consent-reads.js';

const ROWS = 20_000;
const digestOf = (i: number) => createHash('sha256').update(`address-${i}`).digest();
const scope = { iysCode: 5, brandCode: 7, type: 'MESAJ', recipientType: 'BIREYSEL' };

interface PlanNode {
  'Relation Name'?: string;
  'Actual Rows': number;
  'Actual Loops': number;
  Plans?: PlanNode[];
}

/** Rows the plan read from consent.current_consent, over every loop. */
function consentRowsRead(node: PlanNode): number {
  const own = node['Relation Name'] === 'current_consent' ? node['Actual Rows'] * node['Actual Loops'] : 0;
  return own + (node.Plans ?? []).reduce((sum, child) => sum + consentRowsRead(child), 0);
}

/**
 * C2 and C5 read the registry and the current consent in one statement each (docs/adr/0063). Their
 * plans must probe the consent by its whole key, one address at a time, whatever the statistics say:
 * a brand's whole key range filtered by recipient is the plan PostgreSQL picks for a naive join on
 * tables it has not analysed yet (the state of a freshly loaded registry).
 */
describe('PostgresCurrentConsentReads: one probe per address (real PostgreSQL)', () => {
  let db: TestDatabase;
  const plans: PlanNode[] = [];
  // Runs each statement under EXPLAIN ANALYZE and keeps its plan; the adapter sees no rows.
  const explaining: SqlExecutor = {
    query: async (text: string, params?: unknown[]) => {
      const { rows } = await db.pool.query<{ 'QUERY PLAN': { Plan: PlanNode }[] }>(`EXPLAIN (ANALYZE, FORMAT JSON) ${text}`, params);
      plans.push(rows[0]['QUERY PLAN'][0].Plan);
      return { rows: [], rowCount: 0 };
    },
  } as SqlExecutor;

  beforeAll(async () => {
    db = await createTestDatabase([...eventStoreMigrations, ...piiMigrations, ...outboxMigrations, ...consentMigrations]);
    for (const table of ['pii.recipient_registry', 'consent.current_consent']) await db.pool.query(`ALTER TABLE ${table} SET (autovacuum_enabled = false)`);
    await db.pool.query(
      `INSERT INTO pii.recipient_registry (address_hmac, recipient_id)
       SELECT sha256(convert_to('address-' || i, 'UTF8')), md5(i::text)::uuid FROM generate_series(1, $1::int) i`,
      [ROWS],
    );
    await db.pool.query(
      `INSERT INTO consent.current_consent
       SELECT $2::int, $3, $4, md5(i::text)::uuid, $1::int, 'ONAY', now(), 'HS_WEB', '{}', NULL, '{}', now(), md5('t' || i)::uuid, 1
         FROM generate_series(1, $5::int) i`,
      [scope.iysCode, scope.brandCode, scope.type, scope.recipientType, ROWS],
    );
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('C2 reads one consent row for one address', async () => {
    plans.length = 0;
    await new PostgresCurrentConsentReads(explaining).statusOfAddress(scope, digestOf(4242), null);
    expect(consentRowsRead(plans[0])).toBe(1);
  });

  it('C5 reads one consent row per address it is given', async () => {
    plans.length = 0;
    await new PostgresCurrentConsentReads(explaining).approvedAmongAddresses(scope, Buffer.concat(Array.from({ length: 50 }, (_, i) => digestOf(i * 97 + 1))));
    expect(consentRowsRead(plans[0])).toBe(50);
  });
});
