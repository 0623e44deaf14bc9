export * from './app-config.js';
export * from './secret-checks.js';
