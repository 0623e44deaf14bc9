import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Whose request is running: the routed reads of a request look up that session's last commit
 * position (read-your-writes) without every query handler passing it along.
 */
export interface ReadContext {
  /** The caller's session (token's session id); undefined for anonymous calls. */
  session?: string;
}

export const readContext = new AsyncLocalStorage<ReadContext>();
