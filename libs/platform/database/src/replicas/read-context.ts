import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * What the running request allows its reads: only a route declared a replica read (ADR 0047) may be
 * answered by a standby, and then only by one that has replayed its session's last commit. Work
 * outside such a route (commands, background jobs) has no context or `replicaRead: false`, and every
 * routed executor then reads the primary.
 */
export interface ReadContext {
  /** The caller's session (the token's session id); undefined for anonymous calls. */
  session?: string;
  replicaRead: boolean;
}

export const readContext = new AsyncLocalStorage<ReadContext>();
