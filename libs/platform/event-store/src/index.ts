import { EventStore1732300000000 } from './migrations/1732300000000-event-store.migration.js';
import { ShardKeyInEventStoreKeys1732300040000 } from './migrations/1732300040000-shard-key-in-every-key.migration.js';
import { CheckpointPerNode1732300040400 } from './migrations/1732300040400-checkpoint-per-node.migration.js';
import { OneStatementAppend1732300059000 } from './migrations/1732300059000-one-statement-append.migration.js';

export * from './event-store.types.js';
export * from './event-store.errors.js';
export * from './stream-id.js';
export * from './event-hash.js';
export * from './upcaster-registry.js';
export * from './postgres-event-store.js';
export * from './event-chain-verifier.js';
export * from './projections/projection.types.js';
export * from './decide-and-append.js';
export * from './projections/projection-runner.js';
export * from './projections/read-model-watermark.js';
export * from './projections/projection-daemon.js';

export const eventStoreMigrations = [EventStore1732300000000, ShardKeyInEventStoreKeys1732300040000, CheckpointPerNode1732300040400, OneStatementAppend1732300059000];
