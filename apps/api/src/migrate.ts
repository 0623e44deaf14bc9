import 'reflect-metadata';
import { loadConfig } from '@iys/platform/config';
import { createLogger, failWith, openRuntime } from '@iys/platform/nest';
import { allMigrations } from '@iys/composition';


/** `npm run migrate`: applies pending migrations (the API also does this at start-up) and exits. */
async function migrate(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL, 'iys-migrate');
  const runtime = await openRuntime(config, logger, { migrations: allMigrations, runProjections: false, applicationName: 'iys-migrate' });
  await runtime.close();
  logger.info('database is up to date');
}

migrate().catch(failWith);
