import ExcelJS from 'exceljs';
import { formatIysDateTime } from '@iys/platform/building-blocks';

export const hoursAgo = (hours: number) => formatIysDateTime(new Date(Date.now() - hours * 3600_000));

/** A 1 000-row sheet of the template; the rows named in `bad` are spoiled, each in its own way. */
export async function uploadSheet(rows: number, prefix: string): Promise<{ content: Buffer; bad: Map<number, string> }> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('izinler');
  sheet.addRow(['recipient', 'recipientType', 'type', 'status', 'consentDate', 'source']);
  const good = (i: number) => [`+90${prefix}${String(i).padStart(7, '0')}`, 'BIREYSEL', 'MESAJ', 'ONAY', hoursAgo(3), 'HS_WEB'];
  const bad = new Map<number, [string, (string | undefined)[]]>([
    [17, ['H121', ['+90555', 'BIREYSEL', 'MESAJ', 'ONAY', hoursAgo(3), 'HS_WEB']]],
    [120, ['H117', [good(120)[0], 'BIREYSEL', 'FAKS', 'ONAY', hoursAgo(3), 'HS_WEB']]],
    [333, ['H110', [good(333)[0], 'BIREYSEL', 'MESAJ', undefined, hoursAgo(3), 'HS_WEB']]],
    [404, ['H158', [good(404)[0], 'BIREYSEL', 'MESAJ', 'ONAY', '07.12.2026 10:00', 'HS_WEB']]],
    [512, ['H162', [good(512)[0], 'BIREYSEL', 'MESAJ', 'ONAY', formatIysDateTime(new Date(Date.now() + 86_400_000)), 'HS_WEB']]],
    [777, ['H194', good(776)]],
    [999, ['H120', ['ayse@', 'BIREYSEL', 'EPOSTA', 'ONAY', hoursAgo(3), 'HS_WEB']]],
  ]);
  for (let i = 1; i <= rows; i++) sheet.addRow(bad.get(i)?.[1] ?? good(i));
  return { content: Buffer.from(await workbook.xlsx.writeBuffer()), bad: new Map([...bad].map(([row, [code]]) => [row, code])) };
}

