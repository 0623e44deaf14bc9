export * from './embedded-postgres.launcher.js';
export * from './free-port.js';
export * from './pg-pool.js';
export * from './migrations.js';
export type { SqlExecutor } from './sql-executor.js';
export * from './notified-work-loop.js';
export * from './database-availability.js';
export * from './distribution-plan.js';
export * from './shared-pool-driver.js';
