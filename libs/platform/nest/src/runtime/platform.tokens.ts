import type { SqlExecutor } from '@iys/platform/database';

/** Injection tokens for the platform's shared services (interfaces have no runtime identity). */
export const PG_POOL = Symbol('PG_POOL');
export const APP_CONFIG = Symbol('APP_CONFIG');
export const CLOCK = Symbol('CLOCK');
export const ID_GENERATOR = Symbol('ID_GENERATOR');
export const ROOT_LOGGER = Symbol('ROOT_LOGGER');
export const TOKEN_SIGNING_KEY = Symbol('TOKEN_SIGNING_KEY');
/** The ProcessGroup: state shared by the API processes of a machine (docs/adr/0058). */
export const PROCESS_GROUP = Symbol('PROCESS_GROUP');
/**
 * The routed reader (a SqlExecutor): a hot standby when one is in rotation and has replayed the
 * caller's last commit, else the primary (ADR 0047). Only for the read paths that ADR lists.
 */
export const REPLICA_READS = Symbol('REPLICA_READS');

/** What REPLICA_READS provides, for application code that hands it on (e.g. to the vault's lookups). */
export type ReplicaReads = SqlExecutor;
