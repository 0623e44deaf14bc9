import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { loadConfig, type AppConfig } from '@iys/platform/config';
import { createLogger, drainHttpServer, failWith, openDatabase, openRuntime, ProcessGroup, ProcessLifecycle, ProcessSupervisor } from '@iys/platform/nest';
import { createHttpApp, listenOrExplain } from './http-app.js';
import { allMigrations } from '@iys/composition';

/** How long requests in flight at shutdown may take to finish before their connections are closed. */
const DRAIN_GRACE_MS = 10_000;

/**
 * `npm start`. With IYS_API_PROCESSES = 1 (development's default) one process serves HTTP and runs the
 * background work. With more (production's default: one per core), this process is the primary: it
 * starts (or reaches) the database once, then starts that many API processes sharing the port and one
 * background worker, and stops them all on SIGTERM/SIGINT before the database (docs/adr/0058).
 */
async function main(): Promise<void> {
  // Signals are ours from the first line, so that one arriving during start-up still closes in order.
  const lifecycle = new ProcessLifecycle().install();
  try {
    const config = loadConfig();
    const group = ProcessGroup.forThisProcess();
    if (group.member) await serveHttp(config, lifecycle, group);
    else if (config.apiProcesses > 1) await supervise(config, lifecycle);
    else await serveHttp(config, lifecycle, group);
  } catch (error) {
    await lifecycle.release();
    failWith(error);
  }
}

/** One API process: alone (it also runs the background work, unless IYS_RUN_WORKER_IN_API=false), or one of the primary's. */
async function serveHttp(config: AppConfig, lifecycle: ProcessLifecycle, group: ProcessGroup): Promise<void> {
  const logger = createLogger(config.LOG_LEVEL, 'iys-api');
  lifecycle.useLogger(logger);
  const runtime = await openRuntime(config, logger, {
    migrations: allMigrations,
    runProjections: !group.member && config.IYS_RUN_WORKER_IN_API,
    applicationName: 'iys-api',
    // The primary migrated before starting its processes.
    migrate: !group.member,
    processGroup: group,
  });
  lifecycle.onShutdown('database', () => runtime.close());
  const app = await createHttpApp(runtime);
  // Background work (batches, projections, outbox, schedulers) stops and is awaited in Nest's hooks.
  lifecycle.onShutdown('application', () => app.close());
  await listenOrExplain(app, config.PORT, config.HOST);
  lifecycle.onShutdown('http', () => drainHttpServer(app.getHttpServer(), DRAIN_GRACE_MS, logger));
  const { port } = app.getHttpServer().address() as AddressInfo;
  if (group.member) group.ready(port);
  else announce(logger, config, port);
  lifecycle.started();
}

/** The primary of several API processes and the background worker. */
async function supervise(config: AppConfig, lifecycle: ProcessLifecycle): Promise<void> {
  const logger = createLogger(config.LOG_LEVEL, 'iys-api');
  lifecycle.useLogger(logger);
  const database = await openDatabase(config, logger, { migrations: allMigrations });
  lifecycle.onShutdown('database', () => database.stop());
  const env: Record<string, string> = { DATABASE_URL: database.databaseUrl, IYS_EMBEDDED_REPLICAS: 'false', IYS_RUN_WORKER_IN_API: 'false' };
  if (database.replicaUrls.length > 0) env.DATABASE_REPLICA_URLS = database.replicaUrls.join(',');
  const supervisor = new ProcessSupervisor({
    apiProcesses: config.apiProcesses,
    apiEntry: fileURLToPath(import.meta.url),
    backgroundEntry: fileURLToPath(new URL('../../worker/src/main.js', import.meta.url)),
    env,
    logger,
    onGiveUp: (reason) => {
      logger.error({ reason }, 'API processes keep exiting; shutting down');
      process.kill(process.pid, 'SIGTERM');
    },
  });
  // Registered before the start, so a failed start also stops the members already running.
  lifecycle.onShutdown('processes', () => supervisor.stop());
  const port = await supervisor.start();
  announce(logger, config, port, supervisor.pids);
  lifecycle.started();
}

/** The start-up line, printed once (by the primary when there are several processes). */
function announce(logger: ReturnType<typeof createLogger>, config: AppConfig, port: number, processes?: { role: string; pid: number }[]): void {
  const url = `http://localhost:${port}`;
  const adminUser = config.IYS_ADMIN_USERNAME ?? 'admin';
  const count = processes ? `, ${processes.filter((member) => member.role === 'api').length} API processes and a background worker` : '';
  logger.info({ url, docs: `${url}/docs`, adminUser, processes }, `İYS API listening on ${url}, docs at ${url}/docs, admin user ${adminUser}${count}`);
}

// A bad setting (loadConfig throws) is one line on stderr too, not an unhandled rejection's stack.
main().catch(failWith);
