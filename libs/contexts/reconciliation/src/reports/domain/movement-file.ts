import { formatIysDateTime } from '@iys/platform/building-blocks';
import { IysDateTimeFormatter } from '../../shared/domain/iys-date-time.js';

/**
 * The daily movement file (İYS M4, iys-api.md B §3.12, Part A item 9): CSV per RFC 4180, UTF-8 without
 * a byte-order mark, every record (the header too) ended by CRLF, fields quoted only when they hold a
 * comma, a double quote, CR or LF (a quote inside is doubled). Dates are `YYYY-MM-DD HH:mm:ss` in
 * Europe/Istanbul. The same rows always give the same bytes: the M2 hash depends on it.
 */
export const MOVEMENT_FILE_COLUMNS = ['creationDate', 'transactionId', 'recipient', 'recipientType', 'type', 'status', 'consentDate', 'source'] as const;

export const CSV_RECORD_END = '\r\n';

export const MOVEMENT_FILE_HEADER = MOVEMENT_FILE_COLUMNS.join(',') + CSV_RECORD_END;

/** One movement as the file shows it (the recipient already decrypted, or `***` once erased). */
export interface MovementFileRow {
  creationDate: Date;
  transactionId: string;
  recipient: string;
  recipientType: string;
  type: string;
  status: string;
  consentDate: Date;
  source: string;
}

const NEEDS_QUOTES = /[",\r\n]/;

/** One CSV field: as is, or in double quotes with inner quotes doubled (RFC 4180 §2.5–2.7). */
export function csvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** One record of the file, with its CRLF. */
export function formatMovementRow(row: MovementFileRow): string {
  return (
    [
      formatIysDateTime(row.creationDate),
      row.transactionId,
      row.recipient,
      row.recipientType,
      row.type,
      row.status,
      formatIysDateTime(row.consentDate),
      row.source,
    ]
      .map(csvField)
      .join(',') + CSV_RECORD_END
  );
}

/**
 * A movement as {@link MovementRowWriter} takes it: dates as epoch milliseconds, and the recipient
 * apart (it is opened separately, so a row read from the database needs no copy).
 */
export interface MovementFileRecord extends Omit<MovementFileRow, 'creationDate' | 'consentDate' | 'recipient'> {
  creationDate: number;
  consentDate: number;
}

/**
 * Writes the records of one file: exactly {@link formatMovementRow}'s bytes, without its per-row
 * array and with each date column's formatter keeping its hour's offset (a file is one day, in
 * commit order, so creation dates rarely leave their hour).
 */
export class MovementRowWriter {
  private readonly creation = new IysDateTimeFormatter();
  private readonly consent = new IysDateTimeFormatter();

  row(row: MovementFileRecord, recipient: string): string {
    return (
      `${this.creation.format(row.creationDate)},${csvField(row.transactionId)},${csvField(recipient)},${csvField(row.recipientType)},` +
      `${csvField(row.type)},${csvField(row.status)},${this.consent.format(row.consentDate)},${csvField(row.source)}${CSV_RECORD_END}`
    );
  }
}

/** File name of a brand's movements of one day. */
export function movementFileName(iysCode: number, brandCode: number, day: string): string {
  return `${iysCode}_${brandCode}_${day}.csv`;
}
