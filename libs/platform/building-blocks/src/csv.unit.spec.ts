import { describe, expect, it } from '@jest/globals';
import { csvField, csvRecord, inertSpreadsheetText } from './csv.js';

describe('CSV', () => {
  it('quotes a field only when it holds a comma, quote, CR or LF, doubling inner quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('x\ny')).toBe('"x\ny"');
    expect(csvField(null)).toBe('');
    expect(csvField(42)).toBe('42');
  });

  it('ends every record with CRLF', () => {
    expect(csvRecord(['a', 1, null, 'b,c'])).toBe('a,1,,"b,c"\r\n');
  });

  it('makes third-party text that a spreadsheet would evaluate inert', () => {
    for (const formula of ['=HYPERLINK("http://x")', '+90', '-1+2', '@SUM(A1)', '\tTAB', '\rCR']) {
      expect(inertSpreadsheetText(formula)).toBe(`'${formula}`);
    }
    expect(inertSpreadsheetText('ÖRNEK A.Ş.')).toBe('ÖRNEK A.Ş.');
    expect(inertSpreadsheetText(null)).toBeNull();
  });
});
