/** One RFC 4180 field: quoted only when it holds a comma, quote, CR or LF (inner quotes doubled). */
export function csvField(value: string | number | null | undefined): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV record with its CRLF terminator. */
export function csvRecord(fields: readonly (string | number | null | undefined)[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

/**
 * OWASP's CSV-injection guard for text a third party chose (a provider's brand name, say): a cell
 * starting with =, +, -, @, tab or CR is evaluated by spreadsheets, so it gets a leading apostrophe.
 * Not for wire formats whose bytes are specified (İYS's movement file) nor for our own values.
 */
export function inertSpreadsheetText(value: string | null): string | null {
  return value !== null && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
