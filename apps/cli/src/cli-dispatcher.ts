import { parseArgs } from 'node:util';
import { UsageError, type CliCommand, type CliContext, type CliIo, type CommandGroup, type OptionSpec, type Runnable } from './cli-command.js';
import { registryErrorLines } from './cli-output.js';
import { applicationsCommands } from './commands/applications.command.js';
import { auditCommands } from './commands/audit.command.js';
import { complaintsCommands } from './commands/complaints.command.js';
import { outboxCommands } from './commands/outbox.command.js';
import { providersCommands } from './commands/providers.command.js';
import { reconcileCommands } from './commands/reconcile.command.js';
import { scrubCommands } from './commands/scrub.command.js';
import { usersCommands } from './commands/users.command.js';

export const commandGroups: CommandGroup[] = [applicationsCommands, usersCommands, providersCommands, reconcileCommands, auditCommands, outboxCommands, complaintsCommands, scrubCommands];

const GLOBAL_OPTIONS: Record<string, OptionSpec> = {
  as: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
};

const GLOBAL_HELP = [
  'Global options:',
  '  --as NAME     the administrator recorded as approvedBy / rejectedBy / createdBy / setBy (default: cli)',
  '  --json        print one machine-readable JSON line on stdout instead of text',
  '  -h, --help    this text; after a command, that command\'s usage',
];

export const DEFAULT_ACTOR = 'cli';

/** What the command line asks for, decided before any database is opened. */
export type Invocation =
  | { kind: 'help'; lines: string[] }
  | { kind: 'usage-error'; message: string; usage: string[] }
  | { kind: 'run'; json: boolean; actor: string; run: Runnable };

export function usage(): string[] {
  return [
    'İYS registry administration',
    '',
    'Usage: npm run cli -- <command> [options]',
    '',
    'Commands:',
    ...commandGroups.flatMap((group) => group.commands.map((command) => `  ${command.synopsis}`)),
    '  help [<command>]',
    '',
    ...GLOBAL_HELP,
    '',
    'Environment:',
    '  DATABASE_URL   the registry\'s PostgreSQL. Unset: the embedded database in IYS_DATA_DIR (default ./.data),',
    '                 as `npm start` uses it; it serves one process at a time, so stop the API first or',
    '                 point DATABASE_URL at the database the API runs on.',
    '  LOG_LEVEL      log level on stderr (default: warn)',
    '  IYS_DEBUG=1    print stack traces of unexpected errors',
    '',
    'Exit status: 0 done, 1 refused by the registry (error H…) or failed, 2 bad arguments.',
  ];
}

function groupUsage(group: CommandGroup): string[] {
  const width = Math.max(...group.commands.map((command) => command.synopsis.length));
  return [
    `${group.name}: ${group.summary}`,
    '',
    'Usage:',
    ...group.commands.map((command) => `  npm run cli -- ${command.synopsis.padEnd(width)}   ${command.summary}`),
    '',
    `Run \`npm run cli -- ${group.name} <command> --help\` for a command's options.`,
  ];
}

function commandUsage(command: CliCommand): string[] {
  return [
    `Usage: npm run cli -- ${command.synopsis}`,
    '',
    `${command.summary[0].toUpperCase()}${command.summary.slice(1)}.`,
    ...(command.details?.length ? ['', ...command.details.map((line) => `  ${line}`)] : []),
    '',
    ...GLOBAL_HELP,
  ];
}

/** Every option of every command, so the first pass can tell option values from command names. */
function allOptions(): Record<string, OptionSpec> {
  return Object.assign({}, GLOBAL_OPTIONS, ...commandGroups.flatMap((group) => group.commands.map((command) => command.options ?? {})));
}

const findGroup = (name: string | undefined) => commandGroups.find((group) => group.name === name);

/** Parses and validates the command line; pure: no I/O, no database. */
export function parseInvocation(argv: string[]): Invocation {
  let first;
  try {
    first = parseArgs({ args: argv, options: allOptions(), strict: false, allowPositionals: true });
  } catch (error) {
    return { kind: 'usage-error', message: (error as Error).message, usage: usage() };
  }
  const wantsHelp = first.values.help === true;
  const [groupName, commandName, ...more] = first.positionals;

  if (groupName === undefined) return wantsHelp ? { kind: 'help', lines: usage() } : { kind: 'usage-error', message: 'no command given', usage: usage() };
  if (groupName === 'help') return help(commandName, more[0]);

  const group = findGroup(groupName);
  if (!group) return { kind: 'usage-error', message: `unknown command '${groupName}'`, usage: usage() };
  if (group.standalone) {
    const command = group.commands[0];
    return wantsHelp ? { kind: 'help', lines: commandUsage(command) } : prepareRun(command, argv, 1);
  }
  if (commandName === undefined) {
    return wantsHelp ? { kind: 'help', lines: groupUsage(group) } : { kind: 'usage-error', message: `${group.name}: which command?`, usage: groupUsage(group) };
  }
  const command = group.commands.find((candidate) => candidate.name === commandName);
  if (!command) return { kind: 'usage-error', message: `unknown command '${group.name} ${commandName}'`, usage: groupUsage(group) };
  if (wantsHelp) return { kind: 'help', lines: commandUsage(command) };
  return prepareRun(command, argv, 2);
}

/** Parses the command's own options strictly and binds them; `names` positionals name the command. */
function prepareRun(command: CliCommand, argv: string[], names: number): Invocation {
  try {
    const { values, positionals } = parseArgs({ args: argv, options: { ...GLOBAL_OPTIONS, ...command.options }, strict: true, allowPositionals: true });
    const actor = values.as === undefined ? DEFAULT_ACTOR : String(values.as).trim();
    if (actor === '') throw new UsageError('--as needs a name');
    const run = command.prepare({ values, positionals: positionals.slice(names) });
    return { kind: 'run', json: values.json === true, actor, run };
  } catch (error) {
    const message = error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') ? (error as Error).message : String(error);
    return { kind: 'usage-error', message, usage: commandUsage(command) };
  }
}

function help(groupName: string | undefined, commandName: string | undefined): Invocation {
  if (groupName === undefined) return { kind: 'help', lines: usage() };
  const group = findGroup(groupName);
  if (!group) return { kind: 'usage-error', message: `unknown command '${groupName}'`, usage: usage() };
  if (commandName === undefined) return { kind: 'help', lines: groupUsage(group) };
  const command = group.commands.find((candidate) => candidate.name === commandName);
  if (!command) return { kind: 'usage-error', message: `unknown command '${group.name} ${commandName}'`, usage: groupUsage(group) };
  return { kind: 'help', lines: commandUsage(command) };
}

/** Answers help and bad arguments, which need no database: the exit code (0 or 2). */
export function answerWithoutRunning(invocation: Exclude<Invocation, { kind: 'run' }>, io: CliIo): number {
  const err = io.err ?? ((line: string) => process.stderr.write(`${line}\n`));
  if (invocation.kind === 'help') {
    for (const line of invocation.lines) io.out(line);
    return 0;
  }
  err(`error: ${invocation.message}`);
  err('');
  for (const line of invocation.usage) err(line);
  return 2;
}

/**
 * Runs one invocation against the buses and returns the exit code: 0 done, 1 refused by the
 * registry (`error H…` lines on stderr) or failed, 2 bad arguments. Never throws.
 */
export async function runInvocation(invocation: Invocation, ctx: CliContext): Promise<number> {
  if (invocation.kind !== 'run') return answerWithoutRunning(invocation, ctx);
  const err = ctx.err ?? ((line: string) => process.stderr.write(`${line}\n`));
  try {
    const code = await invocation.run({ ...ctx, err, json: invocation.json, actor: invocation.actor });
    return typeof code === 'number' ? code : 0;
  } catch (error) {
    if (error instanceof UsageError) {
      err(`error: ${error.message}`);
      return 2;
    }
    const refused = registryErrorLines(error);
    if (refused) {
      for (const line of refused) err(line);
      return 1;
    }
    err(`error: ${error instanceof Error ? error.message : String(error)}`);
    if (ctx.debug ?? process.env.IYS_DEBUG === '1') err(error instanceof Error && error.stack ? error.stack : String(error));
    else err('(set IYS_DEBUG=1 for the stack trace)');
    return 1;
  }
}

/** Parse, then run: the whole CLI against given buses (what the tests drive). */
export function runCli(argv: string[], ctx: CliContext): Promise<number> {
  return runInvocation(parseInvocation(argv), ctx);
}
