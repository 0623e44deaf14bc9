import { MAX_SCRUB_RECIPIENTS } from '../../domain/scrub-job.decider.js';

export type ScrubFormat = 'csv' | 'jsonl';
const MAX_LINE_LENGTH = 1000;

/**
 * The recipients of an uploaded list, in order: CSV (the first column of each line; a first line
 * whose first cell is `recipient` is a header) or JSON lines (a JSON string, or an object with a
 * `recipient` string, per line). Blank lines are skipped. Undefined when the list is empty, longer
 * than 1 000 000, or a line is not of the format; the caller answers H737 without echoing it.
 */
export function parseScrubList(text: string, format: ScrubFormat): string[] | undefined {
  const recipients: string[] = [];
  let start = 0;
  let first = true;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const line = text.slice(start, end).replace(/\r$/, '').trim();
    start = end + 1;
    if (line.length === 0) continue;
    if (line.length > MAX_LINE_LENGTH) return undefined;
    const recipient = format === 'csv' ? firstCsvCell(line) : jsonLineRecipient(line);
    if (recipient === undefined) return undefined;
    if (first && format === 'csv' && recipient.toLowerCase() === 'recipient') {
      first = false;
      continue;
    }
    first = false;
    recipients.push(recipient);
    if (recipients.length > MAX_SCRUB_RECIPIENTS) return undefined;
  }
  return recipients.length > 0 ? recipients : undefined;
}

function firstCsvCell(line: string): string | undefined {
  if (!line.startsWith('"')) return line.split(/[,;]/, 1)[0]!.trim();
  // A quoted first cell: up to the closing quote, doubled quotes inside.
  let cell = '';
  for (let i = 1; i < line.length; i++) {
    if (line[i] === '"') {
      if (line[i + 1] === '"') {
        cell += '"';
        i++;
      } else return cell.trim();
    } else cell += line[i];
  }
  return undefined;
}

function jsonLineRecipient(line: string): string | undefined {
  try {
    const value: unknown = JSON.parse(line);
    if (typeof value === 'string') return value.trim();
    const recipient = (value as { recipient?: unknown } | null)?.recipient;
    return typeof recipient === 'string' ? recipient.trim() : undefined;
  } catch {
    return undefined;
  }
}
