import pg from 'pg';
import { DataSource, type MigrationInterface } from 'typeorm';

export type MigrationClass = new () => MigrationInterface;

/**
 * Applies every pending migration, each in its own transaction. Schema changes are only ever made
 * this way (never `synchronize`); the event store's DDL is raw SQL inside these classes.
 */
export async function runMigrations(url: string, migrations: MigrationClass[]): Promise<string[]> {
  // An API and a worker starting together on an empty database must not both run the DDL.
  const lock = new pg.Client({ connectionString: url });
  await lock.connect();
  try {
    await lock.query(`SELECT pg_advisory_lock(hashtextextended('iys:migrations', 0))`);
    return await applyPending(url, migrations);
  } finally {
    await lock.end();
  }
}

async function applyPending(url: string, migrations: MigrationClass[]): Promise<string[]> {
  const dataSource = new DataSource({
    type: 'postgres',
    url,
    migrations,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    poolSize: 2,
  });
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  } finally {
    await dataSource.destroy();
  }
}
