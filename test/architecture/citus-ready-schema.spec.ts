import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestDatabase, type TestDatabase } from '@iys/platform/testing';
import { allMigrations } from '@iys/composition';
import { DISTRIBUTION_PLAN, distributionViolations, MUST_BE_DISTRIBUTED, type SchemaFacts } from '@iys/platform/database';

/** The schema as every migration leaves it: tables, unique keys and foreign keys by column name. */
async function schemaFacts(db: TestDatabase): Promise<SchemaFacts> {
  const tables = await db.pool.query<{ name: string }>(
    `SELECT n.nspname || '.' || c.relname AS name
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
      ORDER BY 1`,
  );
  // Unique indexes cover primary keys and unique constraints, and those created with CREATE UNIQUE INDEX.
  const unique = await db.pool.query<{ table: string; name: string; primary: boolean; columns: string[] }>(
    `SELECT n.nspname || '.' || t.relname AS table, i.relname AS name, x.indisprimary AS primary,
            array(SELECT a.attname FROM unnest(x.indkey) WITH ORDINALITY AS k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.ord)::text[] AS columns
       FROM pg_index x JOIN pg_class t ON t.oid = x.indrelid JOIN pg_class i ON i.oid = x.indexrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE x.indisunique AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'`,
  );
  const foreign = await db.pool.query<{ table: string; name: string; columns: string[]; references: string; referencedColumns: string[] }>(
    `SELECT n.nspname || '.' || t.relname AS table, k.conname AS name,
            array(SELECT a.attname FROM unnest(k.conkey) WITH ORDINALITY AS c(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = c.attnum ORDER BY c.ord)::text[] AS columns,
            rn.nspname || '.' || r.relname AS references,
            array(SELECT a.attname FROM unnest(k.confkey) WITH ORDINALITY AS c(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = c.attnum ORDER BY c.ord)::text[] AS "referencedColumns"
       FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
       JOIN pg_class r ON r.oid = k.confrelid JOIN pg_namespace rn ON rn.oid = r.relnamespace
      WHERE k.contype = 'f'`,
  );
  return { tables: tables.rows.map((row) => row.name), uniqueKeys: unique.rows, foreignKeys: foreign.rows };
}

describe('the schema stays ready to distribute on the recipient shard key (ADR 0048)', () => {
  let db: TestDatabase;
  let facts: SchemaFacts;

  beforeAll(async () => {
    db = await createTestDatabase(allMigrations);
    facts = await schemaFacts(db);
  });
  afterAll(() => db?.drop());

  it('places every table, keys every distributed one by its distribution column, and has no foreign key across shards', () => {
    expect(distributionViolations(facts, DISTRIBUTION_PLAN, MUST_BE_DISTRIBUTED)).toEqual([]);
  });

  it('reads the keys it judges: the event store’s keys carry the shard key, the change feed’s the recipient id', () => {
    expect(facts.uniqueKeys).toContainEqual({ table: 'event_store.events', name: 'events_stream_position_unique', primary: false, columns: ['stream_id', 'stream_position', 'shard_key'] });
    expect(facts.uniqueKeys).toContainEqual({ table: 'consent.changes', name: 'changes_pkey', primary: true, columns: ['seq', 'recipient_id'] });
    expect(facts.foreignKeys.length).toBeGreaterThan(0);
  });

  describe('finds each kind of violation planted in a copy of the schema', () => {
    const planted = (change: (copy: SchemaFacts) => void): string[] => {
      const copy: SchemaFacts = structuredClone(facts);
      change(copy);
      return distributionViolations(copy, DISTRIBUTION_PLAN, MUST_BE_DISTRIBUTED);
    };

    it('a new table nobody placed', () => {
      expect(planted((copy) => copy.tables.push('consent.new_read_model'))).toEqual(['consent.new_read_model has no place in the distribution plan']);
    });

    it('a distributed table whose primary key or unique key lacks the shard key', () => {
      const violations = planted((copy) => {
        copy.uniqueKeys.find((key) => key.name === 'changes_pkey')!.columns = ['seq'];
        copy.uniqueKeys.push({ table: 'event_store.events', name: 'events_by_event', primary: false, columns: ['event_id'] });
      });
      expect(violations.sort()).toEqual([
        'consent.changes: primary key changes_pkey (seq) lacks the distribution column recipient_id',
        'event_store.events: unique key events_by_event (event_id) lacks the distribution column shard_key',
      ]);
    });

    it('a foreign key across colocation groups, one not paired on the distribution column, and one from reference data to a shard', () => {
      const violations = planted((copy) => {
        copy.foreignKeys.push(
          { table: 'pii.recipient_registry', name: 'registry_key', columns: ['recipient_id'], references: 'pii.subject_keys', referencedColumns: ['recipient_id'] },
          { table: 'consent.changes', name: 'changes_event', columns: ['event_id'], references: 'event_store.events', referencedColumns: ['event_id'] },
          { table: 'consent.brands', name: 'brand_consent', columns: ['brand_code'], references: 'consent.current_consent', referencedColumns: ['brand_code'] },
        );
      });
      expect(violations).toEqual([
        'pii.recipient_registry → pii.subject_keys (registry_key): crosses from the address colocation group to recipient',
        'consent.changes → event_store.events (changes_event): does not pair recipient_id with shard_key, so it would cross shards',
        'consent.brands → consent.current_consent (brand_consent): a reference table cannot reference a distributed one',
      ]);
    });

    it('a core table planned as anything but distributed', () => {
      expect(distributionViolations(facts, { ...DISTRIBUTION_PLAN, 'consent.changes': { kind: 'local', why: 'planted' } }, MUST_BE_DISTRIBUTED)).toEqual(['consent.changes must be distributed']);
    });
  });
});
