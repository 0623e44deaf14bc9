import { randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { istanbulDay } from '@iys/platform/building-blocks';
import { isEncryptedValue, type EncryptedValue } from '@iys/platform/pii';
import { MOVEMENT_COLUMNS, movementCopyLine, type MovementDay } from './movement-rows.js';

// The benchmark's seeded rows, not its timings: they must be what the daily-movements projection writes.
describe('reconciliation benchmark rows', () => {
  const day: MovementDay = { iysCode: 700001, brandCode: 600001, day: '2026-11-22', total: 1000 };
  const recipientId = randomUUID();
  const recipient: EncryptedValue = { $enc: 'v1', kid: recipientId, iv: 'aXY=', ct: 'Y3Q=', tag: 'dGFn' };
  const fields = (index: number) => movementCopyLine({ index, recipientId, recipient }, day).slice(0, -1).split('\t');

  it('writes every projected column, the sealed recipient as JSON', () => {
    const row = fields(0);
    expect(row).toHaveLength(MOVEMENT_COLUMNS.split(',').length);
    const named = Object.fromEntries(MOVEMENT_COLUMNS.split(', ').map((column, i) => [column, row[i]]));
    expect(named).toMatchObject({ iys_code: '700001', brand_code: '600001', day: '2026-11-22', origin: 'HS', recipient_id: recipientId, recipient_type: 'BIREYSEL', status: 'ONAY' });
    expect(isEncryptedValue(JSON.parse(named.recipient))).toBe(true);
    expect(movementCopyLine({ index: 0, recipientId, recipient }, day).endsWith('\n')).toBe(true);
  });

  it('spreads creation dates over the Istanbul day in index order, consent an hour before', () => {
    const creation = (index: number) => new Date(fields(index)[14]);
    expect(istanbulDay(creation(0))).toBe(day.day);
    expect(istanbulDay(creation(day.total - 1))).toBe(day.day);
    for (let i = 1; i < day.total; i += 97) expect(creation(i).getTime()).toBeGreaterThan(creation(i - 1).getTime());
    expect(creation(5).getTime() - new Date(fields(5)[12]).getTime()).toBe(3_600_000);
  });

  it('mixes statuses, types, sources and who made the change', () => {
    const rows = Array.from({ length: 70 }, (_, i) => fields(i));
    expect(new Set(rows.map((r) => r[11]))).toEqual(new Set(['ONAY', 'RET']));
    expect(new Set(rows.map((r) => r[10]))).toEqual(new Set(['MESAJ', 'ARAMA']));
    expect(rows.filter((r) => r[6] === 'IYS').every((r) => r[13].startsWith('IYS_'))).toBe(true);
    expect(rows.filter((r) => r[6] === 'HS').every((r) => r[13].startsWith('HS_'))).toBe(true);
  });
});
