export type { Principal, RecipientPrincipal, Role } from '@iys/platform/building-blocks';
export { ROLES } from '@iys/platform/building-blocks';
export * from './access-policy.decorators.js';
export * from './rate-limiter.js';
export * from './window-counter.js';
