import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { validateIysBody } from '@iys/platform/nest';
import { uploadError, MAX_UPLOAD_ROWS } from '../../domain/consent-upload.decider.js';
import type { UploadRowInput } from '../../application/consent-upload-streams.js';
import { AddConsentDto } from '../http/dto/consent.request.dto.js';
import { xlsxUnpackedWithin } from './xlsx-unpacked-size.js';

export type UploadFormat = 'xlsx' | 'csv';

/** The columns of the template: C3's item fields, with their İYS names as the header row. */
export const UPLOAD_COLUMNS = ['recipient', 'recipientType', 'type', 'status', 'consentDate', 'source', 'retailerCode', 'retailerAccess'] as const;
const NUMERIC = new Set(['retailerCode']);

/**
 * Reads an uploaded table (first sheet of an .xlsx, or CSV with `,` or `;`): the first row names the
 * columns, every other non-empty row is one consent. Each row is then checked by C3's own item
 * validation (AddConsentDto through validateIysBody, as the C3 route's pipe does), so a row the
 * batch route would refuse gets the same İYS codes here. An unreadable file or a row count outside
 * 1…10 000 is H822/H823; so is an .xlsx that would unpack to more than such a table needs (H823,
 * checked before the workbook is opened: a zip bomb never reaches memory).
 */
export async function readConsentUpload(content: Buffer, format: UploadFormat): Promise<UploadRowInput[]> {
  const table = format === 'xlsx' ? await xlsxTable(content) : csvTable(content);
  if (table.length < 1) throw uploadError('H822');
  const header = table[0]!.map((cell) => cell.trim());
  if (!header.includes('recipient')) throw uploadError('H822');
  const body = table.slice(1);
  const rows = body.map((cells, i) => ({ row: i + 1, cells })).filter(({ cells }) => cells.some((cell) => cell.trim() !== ''));
  if (rows.length < 1 || rows.length > MAX_UPLOAD_ROWS) throw uploadError('H823');
  return Promise.all(rows.map(({ row, cells }) => checkRow(row, itemOf(header, cells))));
}

async function checkRow(row: number, item: Record<string, unknown>): Promise<UploadRowInput> {
  const result = await validateIysBody(AddConsentDto, item, { unknownFields: 'reject' });
  if (result.ok) {
    const { recipient, recipientType, type, status, consentDate, source, retailerCode, retailerAccess } = result.value;
    return { row, submission: { recipient, recipientType, type, status, consentDate, source, retailerCode, retailerAccess } };
  }
  return { row, errors: result.errors.map(({ code, message }) => ({ code, message })) };
}

/** A row as C3's JSON item: empty cells are absent fields; numbers where C3 takes numbers. */
function itemOf(header: string[], cells: string[]): Record<string, unknown> {
  const item: Record<string, unknown> = {};
  header.forEach((name, i) => {
    const text = (cells[i] ?? '').trim();
    if (!name || text === '') return;
    if (NUMERIC.has(name) && /^\d{1,10}$/.test(text)) item[name] = Number(text);
    else if (name === 'retailerAccess') item[name] = text.split(/[;,\s]+/).filter(Boolean).map((part) => (/^\d{1,10}$/.test(part) ? Number(part) : part));
    else item[name] = text;
  });
  return item;
}

function csvTable(content: Buffer): string[][] {
  const text = content.toString('utf8').replace(/^\uFEFF/, '');
  const firstLine = text.slice(0, text.indexOf('\n') === -1 ? text.length : text.indexOf('\n'));
  const delimiter = firstLine.split(';').length > firstLine.split(',').length ? ';' : ',';
  try {
    return parse(text, { delimiter, relax_column_count: true, skip_empty_lines: true, bom: true }) as string[][];
  } catch {
    throw uploadError('H822');
  }
}

async function xlsxTable(content: Buffer): Promise<string[][]> {
  const unpacked = xlsxUnpackedWithin(content);
  if (unpacked === 'unreadable') throw uploadError('H822');
  if (unpacked === 'too-large') throw uploadError('H823');
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(content as unknown as ArrayBuffer);
  } catch {
    throw uploadError('H822');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw uploadError('H822');
  const table: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, column) => {
      cells[column - 1] = cellText(cell.value);
    });
    table[rowNumber - 1] = Array.from(cells, (cell) => cell ?? '');
  });
  return Array.from(table, (cells) => cells ?? []);
}

/** A cell as the text a client would have sent: a date cell is the wall time it shows (Excel keeps no zone). */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 19).replace('T', ' ');
  if (typeof value === 'object') {
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    return '';
  }
  return String(value);
}

/** The result file: one line per uploaded row with its outcome, İYS code and message (no personal data: rows are numbered as in the upload). */
export function consentUploadResultCsv(outcomes: readonly { row: number; status: string; code?: string; message?: string; transactionId?: string; creationDate?: string }[]): string {
  const quote = (text: string) => (/[",\n;]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
  const lines = ['row,status,code,message,transactionId,creationDate'];
  for (const o of outcomes) lines.push([String(o.row), o.status, o.code ?? '', o.message ?? '', o.transactionId ?? '', o.creationDate ?? ''].map(quote).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
