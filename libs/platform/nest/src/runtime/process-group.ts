import cluster from 'node:cluster';
import { RateLimiter } from '../auth/rate-limiter.js';
import { WindowCounter } from '../auth/window-counter.js';

/**
 * The state that must be one across the API processes of a machine (docs/adr/0058): the rate limits'
 * buckets and the login throttle's counters live in one place, and a change one process makes to what
 * the others remember (a revoked session, a session's last commit, the gate's buffered counters) is
 * told to every other process before the request that made it is answered.
 *
 * - A **lone** process (development's default, the tests' in-process apps, the CLI) holds the shared
 *   objects itself and has nobody to tell.
 * - A **member** (a cluster worker started by the API's primary process) asks the primary, which holds
 *   the objects, over the IPC channel node:cluster opened; the primary relays a broadcast to every
 *   other member and answers once each of them has handled it (or has exited).
 */
export type SharedObjectSpec = { kind: 'rate-limiter'; capacity: number; windowMs: number } | { kind: 'window-counter'; windowMs: number; maxKeys?: number };

/** Something every other process must handle: `kind` names the handler. */
export interface GroupEvent {
  kind: string;
  [field: string]: unknown;
}

type Handler = (event: GroupEvent) => unknown;

export type ProcessRole = 'alone' | 'api' | 'background';

/** The environment variable the primary sets on each process it starts. */
export const PROCESS_ROLE_VARIABLE = 'IYS_PROCESS_ROLE';

/** Member → primary. */
export type MemberMessage =
  | { iys: 'call'; id: number; object: string; spec: SharedObjectSpec; method: string; args: unknown[] }
  | { iys: 'broadcast'; id: number; event: GroupEvent }
  | { iys: 'handled'; delivery: number; value?: unknown }
  | { iys: 'joined' }
  | { iys: 'ready'; port?: number };

/** Primary → member. */
export type PrimaryMessage = { iys: 'reply'; id: number; value?: unknown; error?: string } | { iys: 'event'; delivery: number; event: GroupEvent };

const isGroupMessage = (message: unknown): message is { iys: string } => typeof message === 'object' && message !== null && typeof (message as { iys?: unknown }).iys === 'string';

/** The shared objects by name, created on first use from the spec their first caller gives. */
export class SharedObjects {
  private readonly objects = new Map<string, RateLimiter | WindowCounter>();

  constructor(private readonly now: () => number = Date.now) {}

  invoke(name: string, spec: SharedObjectSpec, method: string, args: unknown[]): unknown {
    let object = this.objects.get(name);
    if (!object) {
      object = spec.kind === 'rate-limiter' ? new RateLimiter(spec.capacity, spec.windowMs, this.now) : new WindowCounter(spec.windowMs, spec.maxKeys ?? 100_000, this.now);
      this.objects.set(name, object);
    }
    const target = object as unknown as Record<string, (...values: unknown[]) => unknown>;
    if (!SHARED_METHODS.has(method) || typeof target[method] !== 'function') throw new Error(`no shared method ${method}`);
    return target[method]!(...args);
  }
}

const SHARED_METHODS = new Set(['tryTake', 'counts', 'add', 'forget']);

/** A token bucket per key (RateLimiter's behaviour), held where the process group keeps its shared state. */
export interface SharedRateLimiter {
  tryTake(key: string): boolean | Promise<boolean>;
}

/** Counts per key within a fixed window (WindowCounter's behaviour), shared by the process group. */
export interface SharedWindowCounter {
  counts(keys: string[]): number[] | Promise<number[]>;
  add(keys: string[]): number[] | Promise<number[]>;
  forget(key: string): void | Promise<void>;
}

export class ProcessGroup {
  private readonly handlers = new Map<string, Handler[]>();
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private nextId = 1;

  /**
   * `member` joins the primary over this process's IPC channel (only a cluster worker has one).
   */
  constructor({ member = false, role = 'alone' }: { member?: boolean; role?: ProcessRole } = {}) {
    this.member = member;
    this.role = member ? role : 'alone';
    if (!member) return;
    process.on('message', this.onMessage);
    process.send!({ iys: 'joined' } satisfies MemberMessage);
    // A member outlives its primary by no more than its own orderly shutdown: never an orphan.
    process.once('disconnect', () => {
      for (const waiting of this.pending.values()) waiting.reject(new Error("the API's primary process is gone"));
      this.pending.clear();
      process.kill(process.pid, 'SIGTERM');
    });
  }

  readonly member: boolean;
  /** `api` or `background` for a member started by the API's primary process; `alone` otherwise. */
  readonly role: ProcessRole;

  /** The cluster worker's group when this process is one (its role from its primary), else a lone group. */
  static forThisProcess(): ProcessGroup {
    const member = cluster.isWorker && typeof process.send === 'function';
    return new ProcessGroup({ member, role: process.env[PROCESS_ROLE_VARIABLE] === 'background' ? 'background' : 'api' });
  }

  /** A lone process's limiter counts on `now` (the business clock); the primary's on its system clock. */
  rateLimiter(name: string, capacity: number, windowMs: number, now?: () => number): SharedRateLimiter {
    if (!this.member) return new RateLimiter(capacity, windowMs, now);
    const spec: SharedObjectSpec = { kind: 'rate-limiter', capacity, windowMs };
    return { tryTake: (key) => this.call<boolean>(name, spec, 'tryTake', [key]) };
  }

  windowCounter(name: string, windowMs: number, now?: () => number, maxKeys = 300_000): SharedWindowCounter {
    if (!this.member) return new WindowCounter(windowMs, maxKeys, now);
    const spec: SharedObjectSpec = { kind: 'window-counter', windowMs, maxKeys };
    return {
      counts: (keys) => this.call<number[]>(name, spec, 'counts', [keys]),
      add: (keys) => this.call<number[]>(name, spec, 'add', [keys]),
      forget: (key) => this.call<void>(name, spec, 'forget', [key]),
    };
  }

  /** Runs `handler` for each event of `kind` another process broadcasts (what it returns goes back to the sender). */
  on(kind: string, handler: Handler): void {
    this.handlers.set(kind, [...(this.handlers.get(kind) ?? []), handler]);
  }

  /**
   * Has every other process handle `event`; resolves once all have, with what their handlers
   * returned (one value per process and handler). A lone process has nobody to tell: [].
   */
  async broadcast<T = unknown>(event: GroupEvent): Promise<T[]> {
    if (!this.member) return [];
    return this.request<T[]>((id) => ({ iys: 'broadcast', id, event }));
  }

  /** Tells the primary this process has started (an API process with the port it listens on). */
  ready(port?: number): void {
    if (this.member) process.send!({ iys: 'ready', port } satisfies MemberMessage);
  }

  private call<T>(object: string, spec: SharedObjectSpec, method: string, args: unknown[]): Promise<T> {
    return this.request<T>((id) => ({ iys: 'call', id, object, spec, method, args }));
  }

  private request<T>(message: (id: number) => MemberMessage): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      process.send!(message(id), undefined, undefined, (error: Error | null) => {
        if (!error) return;
        this.pending.delete(id);
        reject(new Error(`the API's primary process is gone: ${error.message}`));
      });
    });
  }

  private readonly onMessage = (message: unknown) => {
    if (!isGroupMessage(message)) return;
    const received = message as PrimaryMessage;
    if (received.iys === 'reply') {
      const waiting = this.pending.get(received.id);
      if (!waiting) return;
      this.pending.delete(received.id);
      if (received.error) waiting.reject(new Error(received.error));
      else waiting.resolve(received.value);
    } else if (received.iys === 'event') {
      void this.handle(received.event).then((values) => {
        if (process.connected) process.send!({ iys: 'handled', delivery: received.delivery, value: values } satisfies MemberMessage);
      });
    }
  };

  /** Runs this process's handlers of an event (a failing handler answers undefined: the sender is not held up). */
  private async handle(event: GroupEvent): Promise<unknown[]> {
    const handlers = this.handlers.get(event.kind) ?? [];
    return Promise.all(handlers.map(async (handler) => {
      try {
        return await handler(event);
      } catch {
        return undefined;
      }
    }));
  }
}
