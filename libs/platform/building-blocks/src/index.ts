export * from './clock.js';
export * from './id-generator.js';
export * from './decider.js';
export * from './domain-error.js';
export * from './canonical-json.js';
export * from './principal.js';
export * from './time/index.js';
export * from './csv.js';
