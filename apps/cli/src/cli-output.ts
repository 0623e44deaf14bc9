import { DomainError } from '@iys/platform/building-blocks';
import { IysHttpException } from '@iys/platform/nest';
import type { CommandContext } from './cli-command.js';

type Cell = string | number | boolean | null | undefined;

/** Left-aligned columns under a header, two spaces apart. */
export function renderTable(headers: string[], rows: Cell[][]): string[] {
  const text = (cell: Cell) => (cell === null || cell === undefined ? '-' : typeof cell === 'boolean' ? (cell ? 'yes' : 'no') : String(cell));
  const cells = [headers, ...rows.map((row) => row.map(text))];
  const widths = headers.map((_, column) => Math.max(...cells.map((row) => [...(row[column] ?? '')].length)));
  return cells.map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] + cell.length - [...cell].length))).join('  ').trimEnd());
}

/** `--json`: the value on one line; otherwise the text lines. */
export function present(ctx: CommandContext, value: unknown, text: () => string[]): void {
  if (ctx.json) ctx.out(JSON.stringify(value));
  else for (const line of text()) ctx.out(line);
}

interface CodedError {
  code: string;
  message: string;
}

const isCoded = (value: unknown): value is CodedError =>
  typeof value === 'object' && value !== null && typeof (value as CodedError).code === 'string' && /^H\d+$/.test((value as CodedError).code) && typeof (value as CodedError).message === 'string';

/**
 * The registry's refusal as `error H123: message` lines: a DomainError from a decider or a handler,
 * or an IysHttpException (a list of them). Anything else is not the registry speaking: undefined.
 */
export function registryErrorLines(error: unknown): string[] | undefined {
  if (error instanceof IysHttpException || (typeof error === 'object' && error !== null && Array.isArray((error as IysHttpException).errors))) {
    const items = (error as IysHttpException).errors.filter(isCoded);
    if (items.length > 0) return items.map((item) => `error ${item.code}: ${item.message}`);
  }
  if (error instanceof DomainError || isCoded(error)) return [`error ${error.code}: ${error.message}`];
  return undefined;
}
