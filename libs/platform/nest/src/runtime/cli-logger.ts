import { pino, type Logger } from 'pino';

const LEVELS: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };
const OMITTED = new Set(['level', 'time', 'pid', 'hostname', 'name', 'msg', 'context']);

/** One pino JSON record as a line a person reads: `warn: message (key=value, …)`. */
export function formatLogRecord(json: string): string {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json.trimEnd();
  }
  const level = LEVELS[Number(record.level)] ?? String(record.level);
  const fields = Object.entries(record)
    .filter(([key, value]) => !OMITTED.has(key) && value !== undefined)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
  const context = typeof record.context === 'string' && record.context ? `[${record.context}] ` : '';
  return `${level}: ${context}${String(record.msg ?? '')}${fields.length > 0 ? ` (${fields.join(', ')})` : ''}`;
}

/**
 * The CLI's logger: warn and above by default, on stderr and readable, so that stdout carries only
 * the command's output (and `--json` stays parseable).
 */
export function createCliLogger(level: string, write: (line: string) => void = (line) => void process.stderr.write(`${line}\n`)): Logger {
  return pino({ name: 'iys-cli', level }, { write: (chunk: string) => write(formatLogRecord(chunk)) });
}
