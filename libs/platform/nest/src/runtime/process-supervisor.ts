import cluster, { type Worker } from 'node:cluster';
import type { Logger } from 'pino';
import { PROCESS_ROLE_VARIABLE, SharedObjects, type GroupEvent, type MemberMessage, type PrimaryMessage } from './process-group.js';

/** A broadcast waits this long at most for a member that does not answer (it is stuck or dying). */
const BROADCAST_DEADLINE_MS = 5_000;
/** A member that does not stop within this after SIGTERM is killed. */
const STOP_DEADLINE_MS = 30_000;
/** More unexpected exits than this within RESTART_WINDOW_MS, and the supervisor gives up. */
const RESTARTS_ALLOWED = 5;
const RESTART_WINDOW_MS = 60_000;

type MemberRole = 'api' | 'background';

interface Member {
  worker: Worker;
  role: MemberRole;
  joined: boolean;
  ready: boolean;
}

export interface ProcessSupervisorOptions {
  apiProcesses: number;
  /** The API processes' entry point and the background worker's (compiled .js files). */
  apiEntry: string;
  backgroundEntry: string;
  /** What every member gets on top of this process's environment (the database's URL, …). */
  env: Record<string, string>;
  logger: Logger;
  /** Called when a member keeps dying after the start: the whole tree should shut down. */
  onGiveUp: (reason: string) => void;
}

/**
 * The API's primary process when it runs as several (docs/adr/0058): it starts `apiProcesses` API
 * processes that share the listening port (node:cluster) and one background worker, holds the
 * process group's shared objects (rate limits, login throttle) and relays its broadcasts, restarts a
 * member that dies after the start, and on stop signals every member and waits for all to exit.
 */
export class ProcessSupervisor {
  private readonly objects = new SharedObjects();
  private readonly members = new Map<number, Member>();
  private readonly deliveries = new Map<number, { waiting: Set<number>; values: unknown[]; done: () => void }>();
  private nextDelivery = 1;
  private stopping = false;
  private started = false;
  private readonly exits: number[] = [];
  private port?: number;

  constructor(private readonly options: ProcessSupervisorOptions) {}

  /** Starts every member; resolves with the port the API listens on once all are ready. */
  start(): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      const check = () => {
        if ([...this.members.values()].every((member) => member.ready)) {
          this.started = true;
          resolve(this.port ?? 0);
        }
      };
      const failed = (worker: Worker, code: number | null, signal: string | null) => {
        if (this.started || this.stopping) return;
        reject(new Error(`an API process (${this.members.get(worker.id)?.role ?? 'member'}) exited during start-up (${signal ?? code})`));
      };
      this.onReady = check;
      this.onStartFailure = failed;
      for (let i = 0; i < this.options.apiProcesses; i++) this.fork('api');
      this.fork('background');
    });
  }

  /** Signals every member to stop (orderly, as on SIGTERM) and waits until all have exited. */
  async stop(): Promise<void> {
    this.stopping = true;
    const exited = [...this.members.values()].map(
      (member) =>
        new Promise<void>((resolve) => {
          if (member.worker.isDead()) return resolve();
          member.worker.process.once('exit', () => resolve());
          const kill = setTimeout(() => {
            this.options.logger.error({ pid: member.worker.process.pid, role: member.role }, 'an API process did not stop in time; killing it');
            member.worker.process.kill('SIGKILL');
          }, STOP_DEADLINE_MS);
          member.worker.process.once('exit', () => clearTimeout(kill));
          member.worker.process.kill('SIGTERM');
        }),
    );
    await Promise.all(exited);
  }

  /** The pids of the members now running (for the start-up line and the tests). */
  get pids(): { role: MemberRole; pid: number }[] {
    return [...this.members.values()].map((member) => ({ role: member.role, pid: member.worker.process.pid! }));
  }

  private onReady: () => void = () => undefined;
  private onStartFailure: (worker: Worker, code: number | null, signal: string | null) => void = () => undefined;

  private fork(role: MemberRole): void {
    cluster.setupPrimary({ exec: role === 'api' ? this.options.apiEntry : this.options.backgroundEntry, args: [] });
    const worker = cluster.fork({ ...this.options.env, [PROCESS_ROLE_VARIABLE]: role });
    const member: Member = { worker, role, joined: false, ready: false };
    this.members.set(worker.id, member);
    worker.on('message', (message: unknown) => this.receive(member, message as MemberMessage));
    worker.on('exit', (code, signal) => this.exited(member, code, signal));
  }

  private receive(member: Member, message: MemberMessage): void {
    if (typeof message !== 'object' || message === null || typeof (message as { iys?: unknown }).iys !== 'string') return;
    switch (message.iys) {
      case 'joined':
        member.joined = true;
        return;
      case 'ready':
        member.ready = true;
        if (message.port !== undefined) this.port = message.port;
        this.onReady();
        return;
      case 'call': {
        let reply: PrimaryMessage;
        try {
          reply = { iys: 'reply', id: message.id, value: this.objects.invoke(message.object, message.spec, message.method, message.args) };
        } catch (error) {
          reply = { iys: 'reply', id: message.id, error: (error as Error).message };
        }
        this.send(member, reply);
        return;
      }
      case 'broadcast':
        this.relay(member, message.id, message.event);
        return;
      case 'handled': {
        const delivery = this.deliveries.get(message.delivery);
        if (!delivery) return;
        if (Array.isArray(message.value)) delivery.values.push(...(message.value as unknown[]));
        delivery.waiting.delete(member.worker.id);
        if (delivery.waiting.size === 0) delivery.done();
        return;
      }
    }
  }

  /** Gives `event` to every other member that listens, and answers the sender once all handled it. */
  private relay(sender: Member, id: number, event: GroupEvent): void {
    const targets = [...this.members.values()].filter((member) => member !== sender && member.joined && member.worker.isConnected());
    const delivery = this.nextDelivery++;
    const values: unknown[] = [];
    const answer = () => {
      clearTimeout(deadline);
      this.deliveries.delete(delivery);
      this.send(sender, { iys: 'reply', id, value: values });
    };
    const deadline = setTimeout(() => {
      this.options.logger.warn({ event: event.kind }, 'an API process did not answer a broadcast in time; going on without it');
      answer();
    }, BROADCAST_DEADLINE_MS);
    deadline.unref();
    if (targets.length === 0) return answer();
    this.deliveries.set(delivery, { waiting: new Set(targets.map((member) => member.worker.id)), values, done: answer });
    for (const target of targets) this.send(target, { iys: 'event', delivery, event });
  }

  private send(member: Member, message: PrimaryMessage): void {
    if (member.worker.isConnected()) member.worker.send(message, undefined, () => undefined);
  }

  private exited(member: Member, code: number | null, signal: string | null): void {
    this.members.delete(member.worker.id);
    // Whoever waited for it waits no longer.
    for (const delivery of this.deliveries.values()) {
      if (delivery.waiting.delete(member.worker.id) && delivery.waiting.size === 0) delivery.done();
    }
    if (this.stopping) return;
    if (!this.started) return this.onStartFailure(member.worker, code, signal);
    const now = Date.now();
    this.exits.push(now);
    while (this.exits.length > 0 && this.exits[0]! < now - RESTART_WINDOW_MS) this.exits.shift();
    if (this.exits.length > RESTARTS_ALLOWED) {
      this.options.onGiveUp(`API processes exited ${this.exits.length} times within ${RESTART_WINDOW_MS / 1000} s`);
      return;
    }
    this.options.logger.warn({ role: member.role, pid: member.worker.process.pid, code, signal }, 'an API process exited; starting another');
    this.fork(member.role);
  }
}
