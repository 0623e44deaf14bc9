export * from './http/iys-error.js';
export * from './http/iys-exception.filter.js';
export * from './runtime/logger.js';
export * from './runtime/platform.tokens.js';
export * from './runtime/projection-registry.js';
export * from './runtime/platform.module.js';
export * from './runtime/open-runtime.js';
export * from './runtime/process-lifecycle.js';
