export * from './embedded-standby.js';
export * from './lsn.js';
export * from './read-context.js';
export * from './read-router.js';
