import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from 'pino';
import { derivePurposeKey } from '@iys/platform/building-blocks';
import type { AppConfig } from '@iys/platform/config';
import { createPool, DatabaseStartError, joinEmbeddedPostgres, ReadRouter, runMigrations, startEmbeddedPostgres, startEmbeddedStandby, type MigrationClass } from '@iys/platform/database';
import { loadPiiKeys, PiiVault } from '@iys/platform/pii';
import type { PlatformRuntime } from './platform.module.js';
import type { ProcessGroup } from './process-group.js';

const POOL_END_GRACE_MS = 5_000;
const SESSION_COMMIT_EVENT = 'read-router.session-commit';
const SHRED_EVENT = 'pii.shred';

export interface OpenRuntime extends PlatformRuntime {
  databaseUrl: string;
  embedded: boolean;
  /** Closes the pool and stops the embedded database, in that order. */
  close(): Promise<void>;
}

/** The database an entry point runs on: started (embedded) or reached, migrated, with the vault's keys. */
export interface OpenDatabase {
  databaseUrl: string;
  /** Hot standbys to read from: DATABASE_REPLICA_URLS, plus the embedded standby when one was started. */
  replicaUrls: string[];
  keys: ReturnType<typeof loadPiiKeys>;
  embedded: boolean;
  /** Stops the embedded database (and its standby) when this process started it. */
  stop(): Promise<void>;
}

/**
 * The database part of an entry point's start: the embedded PostgreSQL when DATABASE_URL is unset
 * (started once, by the API's primary process when the API runs as several: docs/adr/0058),
 * migrations applied under their lock, and the vault's keys (generated once in development).
 */
export async function openDatabase(
  config: AppConfig,
  logger: Logger,
  { migrations, joinRunningEmbedded = false, migrate = true }: { migrations: MigrationClass[]; joinRunningEmbedded?: boolean; migrate?: boolean },
): Promise<OpenDatabase> {
  const dataDir = path.resolve(config.IYS_DATA_DIR);
  let databaseUrl = config.DATABASE_URL;
  let stopEmbedded: (() => Promise<void>) | undefined;
  let clusterDir: string | undefined;
  const joined = !databaseUrl && joinRunningEmbedded ? joinEmbeddedPostgres(dataDir, 'iys') : undefined;
  if (joined) {
    databaseUrl = joined.url;
    logger.info({ port: joined.port, dataDir }, 'using the embedded PostgreSQL another process runs on this data folder');
  } else if (!databaseUrl) {
    const embedded = await startEmbeddedPostgres({
      dataDir,
      port: config.EMBEDDED_PG_PORT,
      database: 'iys',
      onEvent: (event) => {
        if (event.kind === 'orphan-stopped') logger.warn({ pid: event.pid, dataDir }, 'stopped the embedded PostgreSQL an earlier, killed run left running');
        else if (event.kind === 'exited') logger.warn({ code: event.code, signal: event.signal }, 'embedded PostgreSQL exited unexpectedly; restarting it');
        else logger.info('embedded PostgreSQL restarted');
      },
    });
    databaseUrl = embedded.url;
    stopEmbedded = embedded.stop;
    clusterDir = embedded.clusterDir;
    logger.info({ port: embedded.port, dataDir }, 'embedded PostgreSQL started');
  }

  try {
    if (migrate) {
      const applied = await runMigrations(databaseUrl, migrations).catch((error: unknown) => {
        throw new DatabaseStartError(`Cannot prepare the database at ${describeUrl(databaseUrl!)}: ${(error as Error).message}`, error);
      });
      if (applied.length > 0) logger.info({ migrations: applied }, 'migrations applied');
    }

    const keys = loadPiiKeys({
      masterKeyBase64: config.IYS_MASTER_KEY,
      hmacKeyBase64: config.IYS_HMAC_KEY,
      production: config.isProduction,
      devKeyFile: path.join(dataDir, 'dev-keys.json'),
    });
    if (keys.generated) logger.warn({ file: path.join(dataDir, 'dev-keys.json') }, 'generated development encryption keys; set IYS_MASTER_KEY and IYS_HMAC_KEY in production');

    const replicaUrls = [...config.replicaUrls];
    if (config.IYS_EMBEDDED_REPLICAS && clusterDir) {
      // Seeded after the migrations, so the standby starts with the schema (ADR 0047). Without it
      // the registry still runs: every read goes to the primary.
      const standby = await startEmbeddedStandby({ primaryUrl: databaseUrl, primaryClusterDir: clusterDir, clusterDir: path.join(dataDir, 'standby-1', 'pg'), database: 'iys' }).catch(
        (error: unknown) => void logger.warn({ reason: (error as Error).message }, 'the embedded hot standby did not start; reads go to the primary'),
      );
      if (standby) {
        const stopPrimary = stopEmbedded!;
        stopEmbedded = async () => {
          await standby.stop().catch(() => undefined);
          await stopPrimary();
        };
        replicaUrls.push(standby.url);
        logger.info({ port: standby.port }, 'embedded hot standby started');
      }
    }
    return { databaseUrl, replicaUrls, keys, embedded: Boolean(stopEmbedded), stop: async () => stopEmbedded?.() };
  } catch (error) {
    await stopEmbedded?.();
    throw error;
  }
}

/**
 * Everything an entry point needs before Nest starts: the database (openDatabase), one pool, the
 * read router and the vault. Failures become one actionable line.
 */
export async function openRuntime(
  config: AppConfig,
  logger: Logger,
  {
    migrations,
    runProjections,
    applicationName,
    joinRunningEmbedded = false,
    migrate = true,
    processGroup,
  }: {
    migrations: MigrationClass[];
    runProjections: boolean;
    applicationName: string;
    /** Use the embedded server another process already runs on this data folder (the CLI beside `npm start`). */
    joinRunningEmbedded?: boolean;
    /** False in the API's child processes: their primary migrated before starting them. */
    migrate?: boolean;
    processGroup?: ProcessGroup;
  },
): Promise<OpenRuntime> {
  const database = await openDatabase(config, logger, { migrations, joinRunningEmbedded, migrate });
  const { databaseUrl, keys, replicaUrls } = database;
  try {
    const tokenSigningKey = config.IYS_TOKEN_SIGNING_KEY
      ? Buffer.from(config.IYS_TOKEN_SIGNING_KEY, 'base64')
      : derivePurposeKey(keys.hmacKey, 'access-token-signing');
    const pool = createPool({ url: databaseUrl, size: config.DB_POOL_SIZE, applicationName });
    const readRouter = new ReadRouter({
      primary: pool,
      replicaUrls,
      maxLagMs: config.IYS_REPLICA_MAX_LAG_MS,
      poolSize: config.DB_POOL_SIZE,
      applicationName: `${applicationName}-reads`,
      onCommitRecorded: processGroup?.member ? (session, lsn) => processGroup.broadcast({ kind: SESSION_COMMIT_EVENT, session, lsn: lsn.toString() }) : undefined,
      onChange: (replica) =>
        replica.inRotation ? logger.info({ replica: replica.name }, 'replica in rotation') : logger.warn({ replica: replica.name, reason: replica.reason, lagMs: replica.lagMs }, 'replica out of rotation; its reads go to the primary'),
    });
    if (processGroup?.member) {
      // Read-your-writes whichever API process serves the session's next read (docs/adr/0058).
      processGroup.on(SESSION_COMMIT_EVENT, (event) => readRouter.noteCommit(String(event.session), BigInt(String(event.lsn))));
    }
    await readRouter.start();
    const vault = new PiiVault({
      pool,
      masterKey: keys.masterKey,
      hmacKey: keys.hmacKey,
      // An erasure through one API process: every other one of the machine forgets the key at once (ADR 0058).
      onShred: processGroup?.member ? (recipientId) => processGroup.broadcast({ kind: SHRED_EVENT, recipientId }) : undefined,
    });
    processGroup?.on(SHRED_EVENT, (event) => vault.forgetKey(String(event.recipientId)));
    return {
      config,
      pool,
      readRouter,
      vault,
      logger,
      runProjections,
      tokenSigningKey,
      processGroup,
      instanceId: `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
      databaseUrl,
      embedded: database.embedded,
      async close() {
        await readRouter.close();
        // Bounded: a client never released must not keep the database from stopping.
        await Promise.race([pool.end().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, POOL_END_GRACE_MS).unref())]);
        await database.stop();
      },
    };
  } catch (error) {
    await database.stop();
    throw error;
  }
}

/** host:port/database, never the credentials. */
export function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
  } catch {
    return 'the configured DATABASE_URL';
  }
}
