export * from './test-database.js';
export * from './wait-until.js';
export * from './primary-with-standby.js';
export * from './free-port.js';
export * from './statements-of.js';
