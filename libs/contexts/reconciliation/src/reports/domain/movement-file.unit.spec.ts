import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { csvField, formatMovementRow, MOVEMENT_FILE_HEADER, movementFileName, MovementRowWriter, type MovementFileRow } from './movement-file.js';

const row = (overrides: Partial<MovementFileRow> = {}): MovementFileRow => ({
  creationDate: new Date('2024-06-01T20:59:59.999Z'),
  transactionId: '3f2b8a6e-1c2d-4e5f-8a9b-0c1d2e3f4a5b',
  recipient: '+905321234567',
  recipientType: 'BIREYSEL',
  type: 'MESAJ',
  status: 'ONAY',
  consentDate: new Date('2024-06-01T07:15:00Z'),
  source: 'HS_WEB',
  ...overrides,
});

/** RFC 4180 reader for one record (the test's independent parser). */
function parseRecord(line: string): string[] {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    let value = '';
    if (line[i] === '"') {
      i += 1;
      for (;;) {
        if (line[i] === '"' && line[i + 1] === '"') (value += '"'), (i += 2);
        else if (line[i] === '"') break;
        else value += line[i++];
      }
      i += 1;
    } else {
      while (i < line.length && line[i] !== ',') value += line[i++];
    }
    fields.push(value);
    if (i >= line.length) return fields;
    i += 1; // the comma
  }
}

describe('the daily movement file (M4) as CSV', () => {
  it('has exactly the İYS header, in its order, ended by CRLF', () => {
    expect(MOVEMENT_FILE_HEADER).toBe('creationDate,transactionId,recipient,recipientType,type,status,consentDate,source\r\n');
  });

  it('writes a row with Istanbul wall-clock dates (no milliseconds) in the header’s order', () => {
    expect(formatMovementRow(row())).toBe(
      '2024-06-01 23:59:59,3f2b8a6e-1c2d-4e5f-8a9b-0c1d2e3f4a5b,+905321234567,BIREYSEL,MESAJ,ONAY,2024-06-01 10:15:00,HS_WEB\r\n',
    );
    expect(formatMovementRow(row({ creationDate: new Date('2024-06-01T21:00:00Z') })).slice(0, 19)).toBe('2024-06-02 00:00:00');
  });

  it('uses the offset of the day for old consent dates (UTC+2 in winter 2015)', () => {
    expect(formatMovementRow(row({ consentDate: new Date('2015-12-01T09:30:05Z') }))).toContain(',2015-12-01 11:30:05,');
  });

  it('quotes a value with a comma, a quote, CR or LF, doubling inner quotes (RFC 4180)', () => {
    expect(csvField('plain@ornek.com.tr')).toBe('plain@ornek.com.tr');
    expect(csvField('a,b@ornek.com.tr')).toBe('"a,b@ornek.com.tr"');
    expect(csvField('"ayse"@ornek.com.tr')).toBe('"""ayse""@ornek.com.tr"');
    expect(csvField('x\ny')).toBe('"x\ny"');
    expect(csvField('x\ry')).toBe('"x\ry"');
    expect(csvField('')).toBe('');
    expect(formatMovementRow(row({ recipient: '"a,b"@ornek.com.tr' }))).toContain(',"""a,b""@ornek.com.tr",BIREYSEL,');
  });

  it('leaves an erased recipient as the vault shows it', () => {
    expect(formatMovementRow(row({ recipient: '***' }))).toContain(',***,BIREYSEL,');
  });

  it('round-trips any value through an RFC 4180 reader', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (recipient) => {
        const line = formatMovementRow(row({ recipient }));
        expect(line.endsWith('\r\n')).toBe(true);
        expect(parseRecord(line.slice(0, -2))[2]).toBe(recipient);
        expect(parseRecord(line.slice(0, -2))).toHaveLength(8);
      }),
    );
  });

  it('gives the same bytes for the same row, every time', () => {
    expect(Buffer.from(formatMovementRow(row()))).toEqual(Buffer.from(formatMovementRow(row())));
  });

  it('writes, row after row, exactly the bytes formatMovementRow gives (MovementRowWriter)', () => {
    const instant = fc.integer({ min: Date.parse('2015-01-01T00:00:00Z'), max: Date.parse('2040-01-01T00:00:00Z') });
    const text = fc.string({ unit: 'binary', maxLength: 20 });
    const record = fc.record({ creationDate: instant, consentDate: instant, recipient: text, source: text, transactionId: text, type: text });
    fc.assert(
      fc.property(fc.array(record, { minLength: 1, maxLength: 30 }), (records) => {
        const writer = new MovementRowWriter();
        const sorted = [...records].sort((a, b) => a.creationDate - b.creationDate);
        for (const r of sorted) {
          const plain = row({ ...r, creationDate: new Date(r.creationDate), consentDate: new Date(r.consentDate) });
          expect(writer.row({ ...plain, creationDate: r.creationDate, consentDate: r.consentDate }, plain.recipient)).toBe(formatMovementRow(plain));
        }
      }),
    );
  });

  it('names the file by provider, brand and day', () => {
    expect(movementFileName(600001, 600002, '2024-06-01')).toBe('600001_600002_2024-06-01.csv');
  });
});
