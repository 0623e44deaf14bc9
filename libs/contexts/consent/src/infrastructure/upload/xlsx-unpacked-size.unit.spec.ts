import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { readConsentUpload } from './consent-upload-reader.js';
import { MAX_XLSX_UNPACKED_BYTES, xlsxUnpackedWithin } from './xlsx-unpacked-size.js';

/** A zip of deflated entries, each declaring the size given (a bomb forges it) or its true one. */
function zip(entries: { name: string; content: Buffer; declaredSize?: number }[]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name);
    const data = deflateRawSync(entry.content);
    const size = entry.declaredSize ?? entry.content.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(20, 6);
    header.writeUInt16LE(8, 10);
    header.writeUInt32LE(data.length, 20);
    header.writeUInt32LE(size, 24);
    header.writeUInt16LE(name.length, 28);
    header.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    central.push(header, name);
    offset += local.length + name.length + data.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

describe('the .xlsx upload is unpacked within a bound (zip bombs)', () => {
  const bomb = Buffer.alloc(MAX_XLSX_UNPACKED_BYTES + 1024, 0x20);

  it('refuses, with H823, a small zip that inflates past the bound, whatever size it declares', async () => {
    const honest = zip([{ name: 'xl/worksheets/sheet1.xml', content: bomb }]);
    const forged = zip([{ name: 'xl/worksheets/sheet1.xml', content: bomb, declaredSize: 1_000 }]);
    expect(forged.length).toBeLessThan(100_000);
    expect(xlsxUnpackedWithin(honest)).toBe('too-large');
    expect(xlsxUnpackedWithin(forged)).toBe('too-large');
    await expect(readConsentUpload(forged, 'xlsx')).rejects.toMatchObject({ code: 'H823' });
  });

  it('counts every entry against one budget, not each alone', () => {
    const half = Buffer.alloc(MAX_XLSX_UNPACKED_BYTES / 2 + 1024, 0x20);
    expect(xlsxUnpackedWithin(zip([{ name: 'a.xml', content: half, declaredSize: 1 }, { name: 'b.xml', content: half, declaredSize: 1 }]))).toBe('too-large');
    expect(xlsxUnpackedWithin(zip([{ name: 'a.xml', content: half }]))).toBe('within');
  });

  it('lets a full 10 000-row workbook through, with room to spare', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('consents');
    sheet.addRow(['recipient', 'recipientType', 'type', 'status', 'consentDate', 'source']);
    for (let i = 0; i < 10_000; i++) sheet.addRow([`+90555${String(1_000_000 + i)}`, 'BIREYSEL', 'MESAJ', 'ONAY', '2024-01-02 10:00:00', 'HS_WEB']);
    const content = Buffer.from(await workbook.xlsx.writeBuffer());
    expect(xlsxUnpackedWithin(content)).toBe('within');
    // It unpacks to under a quarter of the bound.
    expect(xlsxUnpackedWithin(content, MAX_XLSX_UNPACKED_BYTES / 4)).toBe('within');
  });

  it('calls what is no zip unreadable (H822)', async () => {
    expect(xlsxUnpackedWithin(Buffer.from('garbage'))).toBe('unreadable');
    await expect(readConsentUpload(Buffer.from('garbage'), 'xlsx')).rejects.toMatchObject({ code: 'H822' });
  });
});
