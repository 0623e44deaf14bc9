import type { INestApplicationContext } from '@nestjs/common';
import type { CommandBus, QueryBus } from '@nestjs/cqrs';

/** Where a command writes: one call per line, stdout and stderr kept apart. */
export interface CliIo {
  out: (line: string) => void;
  err?: (line: string) => void;
  /** The whole of standard input, for `--password-stdin`. */
  readStdin?: () => Promise<string>;
  /** Print stack traces of unexpected errors (IYS_DEBUG=1). */
  debug?: boolean;
}

/** What the dispatcher runs against: the same buses the admin API dispatches to. */
export interface CliContext extends CliIo {
  commands: CommandBus;
  queries: QueryBus;
  /** The Nest application context, for platform services the buses do not reach (`audit verify`: EventChainVerifier). */
  app?: Pick<INestApplicationContext, 'get'>;
}

/** A command's view of the invocation: the buses, the acting administrator and the output mode. */
export interface CommandContext extends CliContext {
  /** `--json`: one machine-readable line on stdout instead of text. */
  json: boolean;
  /** `--as`: recorded as approvedBy / rejectedBy / createdBy / setBy. */
  actor: string;
}

export type OptionSpec = { type: 'string' | 'boolean'; short?: string; multiple?: boolean };

export interface ParsedArguments {
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  positionals: string[];
}

/**
 * Validated arguments bound to the work they drive; runs only once the database is open. May return
 * an exit code (e.g. 1: `audit verify` found a broken chain, already reported); none means 0.
 */
export type Runnable = (ctx: CommandContext) => Promise<void | number>;

export interface CliCommand {
  name: string;
  /** One line, from the group name on: `applications approve <applicationId> [--activation-date ISO]`. */
  synopsis: string;
  summary: string;
  /** Further help lines (options, notes). */
  details?: string[];
  options?: Record<string, OptionSpec>;
  /** Checks the arguments without touching the database; throws {@link UsageError}. */
  prepare(args: ParsedArguments): Runnable;
}

export interface CommandGroup {
  name: string;
  summary: string;
  /** The group is itself the command (`reconcile --date D`): its one command runs without a sub-command name. */
  standalone?: boolean;
  commands: CliCommand[];
}

/** Bad arguments: reported with the usage text and exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

// ---- argument helpers shared by the command groups ---------------------------------------------

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_8601 = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

export function expectPositionals(positionals: string[], names: string[]): string[] {
  if (positionals.length < names.length) throw new UsageError(`missing ${names.slice(positionals.length).map((n) => `<${n}>`).join(' ')}`);
  if (positionals.length > names.length) throw new UsageError(`unexpected argument '${positionals[names.length]}'`);
  return positionals;
}

export function optionalString(values: ParsedArguments['values'], name: string): string | undefined {
  const value = values[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`--${name} needs a value`);
  return value;
}

export function requiredString(values: ParsedArguments['values'], name: string, placeholder: string): string {
  const value = optionalString(values, name);
  if (value === undefined) throw new UsageError(`--${name} ${placeholder} is required`);
  return value;
}

export function oneOf<T extends string>(value: string, allowed: readonly T[], what: string): T {
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`${what} must be one of ${allowed.join(', ')} (got '${value}')`);
  return value as T;
}

/** A registry code (iysCode): a positive integer. */
export function registryCode(value: string, what = 'iysCode'): number {
  const parsed = /^\d{1,10}$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(parsed) || parsed <= 0 || parsed > 2_147_483_647) throw new UsageError(`${what} must be a positive integer (got '${value}')`);
  return parsed;
}

/** An ISO 8601 date or instant, as the admin API's DTOs accept; returned unchanged. */
export function isoDate(value: string, what: string): string {
  if (!ISO_8601.test(value) || Number.isNaN(new Date(value).getTime())) {
    throw new UsageError(`${what} must be an ISO 8601 date, e.g. 2025-01-31 or 2025-01-31T09:00:00+03:00 (got '${value}')`);
  }
  return value;
}

export function isUuid(value: string): boolean {
  return UUID.test(value);
}
