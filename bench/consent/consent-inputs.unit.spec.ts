import { describe, expect, it } from '@jest/globals';
import { normaliseAddress } from '@iys/platform/pii';
import { batchBody, consentBody, currentConsentCopyLine, makeCopyRows, percentile, phone, phoneIndex, PHONE_RANGES, PHONE_SPACE, summarise } from './consent-inputs.js';
import { classify, place } from './statement-timer.js';

// The benchmark's inputs, not its timings: what it sends must be what the registry accepts.
describe('consent benchmark inputs', () => {
  it('makes distinct, valid Turkish mobiles that normalise to themselves and map back to their index', () => {
    const indexes = [0, 1, 99_999, 999_999, PHONE_RANGES.probes, PHONE_RANGES.profile + 12_345, PHONE_RANGES.adds + 7, PHONE_SPACE - 1];
    for (const i of indexes) {
      const p = phone(i);
      expect(p).toMatch(/^\+905\d{9}$/);
      expect(normaliseAddress(p)).toEqual({ kind: 'phone', value: p });
      expect(phoneIndex(p)).toBe(i);
    }
    expect(new Set(indexes.map(phone)).size).toBe(indexes.length);
    expect(() => phone(PHONE_SPACE)).toThrow();
    expect(phoneIndex('ayse@ornek.com.tr')).toBe(-1);
  });

  it('fills batches of C1 bodies without overlap, the last one short', () => {
    const first = batchBody(0, 0, 1000, 2500, '2026-11-23 10:00:00');
    const last = batchBody(0, 2, 1000, 2500, '2026-11-23 10:00:00');
    expect(first).toHaveLength(1000);
    expect(last).toHaveLength(500);
    expect(last[0].recipient).toBe(phone(2000));
    expect(consentBody(5, '2026-11-23 10:00:00')).toEqual({
      recipient: phone(5),
      recipientType: 'BIREYSEL',
      type: 'MESAJ',
      status: 'ONAY',
      source: 'HS_WEB',
      consentDate: '2026-11-23 10:00:00',
    });
  });

  it('writes the fourteen current_consent columns of a COPY row', () => {
    const [row] = makeCopyRows(1);
    const fields = currentConsentCopyLine(row, 600001, 700001, '2026-11-23T08:00:00.000Z', '2026-11-23T10:00:00.000Z').slice(0, -1).split('\t');
    expect(fields).toHaveLength(14);
    expect(JSON.parse(fields[8])).toMatchObject({ $enc: 'v1', kid: row.recipientId });
    expect(fields[9]).toBe('\\N');
  });

  it('takes nearest-rank percentiles', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(summarise([3, 1, 2])).toMatchObject({ count: 3, p50Ms: 2, maxMs: 3, meanMs: 2 });
  });

  it('places statements in the pipeline by their SQL and their connection', () => {
    expect(classify('INSERT INTO consent.batch_items (request_id) SELECT 1')).toEqual({ stage: 'C3 request', step: 'queue: insert items' });
    expect(classify("SELECT pg_notify('iys_events', '')")).toEqual({ stage: 'batch worker', step: 'append: notify' });
    const placed = place([
      { client: 1, sql: 'BEGIN', start: 0, end: 1 },
      { client: 2, sql: 'BEGIN', start: 0.5, end: 1 },
      { client: 1, sql: 'INSERT INTO consent.changes (event_id) SELECT 1', start: 1, end: 2 },
      { client: 2, sql: 'INSERT INTO event_store.events (x) SELECT 1', start: 1, end: 3 },
      { client: 1, sql: 'COMMIT', start: 2, end: 3 },
    ]);
    expect(placed.filter((p) => p.step === 'BEGIN').map((p) => p.stage).sort()).toEqual(['batch worker', 'change-feed projection']);
    expect(placed.find((p) => p.step === 'COMMIT')?.stage).toBe('change-feed projection');
  });

  it('places a shared projection pass, savepoints included, in one transaction of its own stage', () => {
    const placed = place([
      { client: 1, sql: 'BEGIN', start: 0, end: 1 },
      { client: 1, sql: 'SELECT pg_try_advisory_xact_lock(hashtextextended(key, 0)) AS locked FROM unnest($1::text[])', start: 1, end: 2 },
      { client: 1, sql: 'SAVEPOINT projection', start: 2, end: 3 },
      { client: 1, sql: 'INSERT INTO reconciliation.daily_movements (event_id) SELECT 1', start: 3, end: 4 },
      { client: 1, sql: 'ROLLBACK TO SAVEPOINT projection', start: 4, end: 5 },
      { client: 1, sql: 'UPDATE event_store.projection_checkpoints c SET last_global_position = 1', param: '42', start: 5, end: 6 },
      { client: 1, sql: 'COMMIT', start: 6, end: 7 },
    ]);
    expect(new Set(placed.map((p) => p.stage))).toEqual(new Set(['projections (shared pass)']));
    expect(placed.filter((p) => p.step === 'COMMIT')).toHaveLength(1);
  });
});
