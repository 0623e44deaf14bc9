import { availableParallelism } from 'node:os';
import { Worker, type ResourceLimits } from 'node:worker_threads';

/**
 * A fixed set of worker threads that all run one script, for CPU-bound work a caller hands over in
 * batches (docs/adr/0068). The script is JavaScript source, not a file: it must define
 * `function handle(input, workerData)` returning `{ output, transfer? }`; what it throws rejects the
 * batch with an `Error` of the same name and message. Building it from the
 * functions' own source (`fn.toString()`) lets the same code run on the caller's thread, in the
 * workers of the built application and in the workers of a TypeScript test run alike.
 *
 * `run` sends a batch to the worker with the fewest batches in flight; callers that need results in
 * order keep the promises in order (`InOrder`). A worker keeps the process alive only while it has
 * work in flight.
 */
export class WorkerPool<In, Out> {
  private readonly workers: { worker: Worker; inFlight: number; waiting: Map<number, { resolve(out: Out): void; reject(error: Error): void }> }[];
  private nextId = 0;
  private failure?: Error;

  constructor(source: string, size: number, { workerData, resourceLimits }: { workerData?: unknown; resourceLimits?: ResourceLimits } = {}) {
    const script = `'use strict';
const { parentPort, workerData } = require('node:worker_threads');
${source}
parentPort.on('message', ({ id, input }) => {
  let result;
  try { result = handle(input, workerData); } catch (error) { parentPort.postMessage({ id, error: { name: String(error && error.name), message: String(error && error.message) } }); return; }
  parentPort.postMessage({ id, output: result.output }, result.transfer || []);
});`;
    this.workers = Array.from({ length: Math.max(1, size) }, () => {
      const entry = { worker: new Worker(script, { eval: true, workerData, resourceLimits }), inFlight: 0, waiting: new Map() };
      entry.worker.unref();
      entry.worker.on('message', ({ id, output, error }: { id: number; output?: Out; error?: { name: string; message: string } }) => {
        const waiting = entry.waiting.get(id);
        if (!waiting) return;
        entry.waiting.delete(id);
        entry.inFlight -= 1;
        if (entry.inFlight === 0) entry.worker.unref();
        if (error === undefined) waiting.resolve(output as Out);
        else waiting.reject(Object.assign(new Error(error.message), { name: error.name })); // the thrown error's name and message
      });
      entry.worker.on('error', (error) => this.fail(error));
      // A worker that ends without an error event (process.exit in the script) must not leave work waiting forever.
      entry.worker.on('exit', (code) => this.fail(new Error(`worker thread exited (code ${code})`)));
      return entry;
    });
  }

  /** Workers for a pool that leaves one core to the thread that feeds it: `availableParallelism() - 1`, at least 1, at most `max`. */
  static defaultSize(max = 8): number {
    return Math.min(max, Math.max(1, availableParallelism() - 1));
  }

  /** True once a worker failed or ended: every later `run` rejects, so an owner that outlives the failure starts a new pool. */
  get broken(): boolean {
    return this.failure !== undefined;
  }

  get size(): number {
    return this.workers.length;
  }

  run(input: In, transfer: readonly ArrayBuffer[] = []): Promise<Out> {
    if (this.failure) return Promise.reject(this.failure);
    const entry = this.workers.reduce((least, candidate) => (candidate.inFlight < least.inFlight ? candidate : least));
    const id = this.nextId++;
    entry.inFlight += 1;
    entry.worker.ref();
    return new Promise<Out>((resolve, reject) => {
      entry.waiting.set(id, { resolve, reject });
      entry.worker.postMessage({ id, input }, transfer as ArrayBuffer[]);
    });
  }

  async close(): Promise<void> {
    this.fail(new Error('worker pool closed'));
    await Promise.all(this.workers.map(({ worker }) => worker.terminate()));
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const entry of this.workers) {
      for (const { reject } of entry.waiting.values()) reject(error);
      entry.waiting.clear();
      entry.inFlight = 0;
      entry.worker.unref();
    }
  }
}

/**
 * Results taken in the order their work was started, with at most `limit` started and not yet taken:
 * `push` waits (and so holds back the producer) while the window is full.
 */
export class InOrder<T> {
  private readonly queue: Promise<T>[] = [];

  constructor(
    private readonly limit: number,
    private readonly take: (result: T) => void,
  ) {}

  get pending(): number {
    return this.queue.length;
  }

  async push(result: Promise<T>): Promise<void> {
    result.catch(() => undefined); // awaited in turn below; not an unhandled rejection meanwhile
    this.queue.push(result);
    while (this.queue.length > this.limit) await this.next();
  }

  /** Takes every outstanding result in order. */
  async drain(): Promise<void> {
    while (this.queue.length > 0) await this.next();
  }

  private async next(): Promise<void> {
    const result = await (this.queue.shift() as Promise<T>);
    this.take(result);
  }
}
