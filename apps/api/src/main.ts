import 'reflect-metadata';
import { loadConfig } from '@iys/platform/config';
import { createLogger, failWith, onShutdownSignal, openRuntime, type OpenRuntime } from '@iys/platform/nest';
import { createHttpApp, listenOrExplain } from './http-app.js';
import { allMigrations } from './composition.js';


async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL, 'iys-api');
  let runtime: OpenRuntime | undefined;
  try {
    runtime = await openRuntime(config, logger, {
      migrations: allMigrations,
      runProjections: config.IYS_RUN_WORKER_IN_API,
      applicationName: 'iys-api',
    });
    const app = await createHttpApp(runtime);
    await listenOrExplain(app, config.PORT, config.HOST).catch(async (error: unknown) => {
      await app.close();
      throw error;
    });
    logger.info({ url: `http://localhost:${config.PORT}`, docs: `http://localhost:${config.PORT}/docs` }, 'İYS API listening');
    const opened = runtime;
    onShutdownSignal(logger, async () => {
      await app.close(); // in-flight requests finish first
      await opened.close();
    });
  } catch (error) {
    await runtime?.close();
    failWith(error);
  }
}

// A bad setting (loadConfig throws) is one line on stderr too, not an unhandled rejection's stack.
main().catch(failWith);
