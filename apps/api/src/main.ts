import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '@iys/platform/config';
import { createLogger, drainHttpServer, failWith, openRuntime, ProcessLifecycle } from '@iys/platform/nest';
import { createHttpApp, listenOrExplain } from './http-app.js';
import { allMigrations } from '@iys/composition';

/** How long requests in flight at shutdown may take to finish before their connections are closed. */
const DRAIN_GRACE_MS = 10_000;

async function main(): Promise<void> {
  // Signals are ours from the first line, so that one arriving during start-up still closes in order.
  const lifecycle = new ProcessLifecycle().install();
  try {
    const config = loadConfig();
    const logger = createLogger(config.LOG_LEVEL, 'iys-api');
    lifecycle.useLogger(logger);
    const runtime = await openRuntime(config, logger, {
      migrations: allMigrations,
      runProjections: config.IYS_RUN_WORKER_IN_API,
      applicationName: 'iys-api',
    });
    lifecycle.onShutdown('database', () => runtime.close());
    const app = await createHttpApp(runtime);
    // Background work (batches, projections, outbox, schedulers) stops and is awaited in Nest's hooks.
    lifecycle.onShutdown('application', () => app.close());
    await listenOrExplain(app, config.PORT, config.HOST);
    lifecycle.onShutdown('http', () => drainHttpServer(app.getHttpServer(), DRAIN_GRACE_MS, logger));
    const { port } = app.getHttpServer().address() as AddressInfo;
    const url = `http://localhost:${port}`;
    const adminUser = config.IYS_ADMIN_USERNAME ?? 'admin';
    logger.info({ url, docs: `${url}/docs`, adminUser }, `İYS API listening on ${url}, docs at ${url}/docs, admin user ${adminUser}`);
    lifecycle.started();
  } catch (error) {
    await lifecycle.release();
    failWith(error);
  }
}

// A bad setting (loadConfig throws) is one line on stderr too, not an unhandled rejection's stack.
main().catch(failWith);
