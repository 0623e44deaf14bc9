import { Worker } from 'node:worker_threads';
import type { LatencySummary } from './consent-inputs.js';

/**
 * The client side of the benchmark runs in a worker thread (load-worker.ts): its own event loop and
 * core, so that making requests and parsing answers does not steal the API's event loop, which runs
 * in the main thread exactly as `npm start` runs it. Every request goes to 127.0.0.1.
 */

/** A closed loop: `concurrency` clients, each sending its next request as soon as the last is answered. */
export interface ClosedLoopTask {
  kind: 'closed-loop';
  label: string;
  port: number;
  /** Bearer token; omitted for the bare route, which has no perimeter. */
  token?: string;
  concurrency: number;
  warmupMs: number;
  durationMs: number;
  request:
    /** C1: a new recipient every request. */
    | { type: 'add'; path: string; phoneFrom: number; consentDate: string }
    /** C2: a random recipient of the ingest. */
    | { type: 'status'; path: string; phoneFrom: number; phoneCount: number }
    /** The bare Fastify route: the same primary-key lookup by recipient id. */
    | { type: 'bare-status'; path: string; recipientIds: string[] }
    /** C5: `perCall` random recipients of the ingest, every one expected in the answer (all hold ONAY). */
    | { type: 'multi'; path: string; phoneFrom: number; phoneCount: number; perCall: number };
}

export interface ClosedLoopResult {
  label: string;
  concurrency: number;
  /** Requests answered 200 within the measured window. */
  requests: number;
  seconds: number;
  requestsPerSecond: number;
  /** Recipients answered (C5: perCall per request; otherwise = requests). */
  units: number;
  /** Recipients answered 200 over warm-up and window: what the API thread's CPU time is divided by. */
  answeredUnits: number;
  unitsPerSecond: number;
  latency: LatencySummary;
  /** Non-200 answers and transport errors, by status and İYS code, over warm-up and window. */
  failures: Record<string, number>;
  /** C5 answers that did not list every recipient asked about. */
  mismatches: number;
  /** C1: phone indexes used, so later workloads can avoid them. */
  phonesUsed: number;
  /** Every latency of the window, so that rounds of one workload can be merged. */
  latenciesMs: number[];
}

/** C3 ingest with its C4 watcher, a C6 poller and a trickle of C1 probes, all at once. */
export interface IngestTask {
  kind: 'ingest';
  port: number;
  token: string;
  /** `/sps/{iysCode}/brands/{brandCode}` */
  basePath: string;
  total: number;
  batchSize: number;
  inflight: number;
  phoneFrom: number;
  consentDate: string;
  /** Every n-th ingest item's transaction id is kept for the recorded → visible join. */
  lagSampleEvery: number;
  probeIntervalMs: number;
  probeFrom: number;
  /** Pause between C4 polls of a batch still being applied. */
  resultPollMs: number;
  /** Pause after a C6 page that was not full. */
  feedIdleMs: number;
  timeoutMs: number;
}

export interface IngestResult {
  startedAt: number;
  allAcceptedAt: number;
  allAppliedAt: number;
  feedCaughtUpAt: number;
  timedOut: boolean;
  batches: number;
  requestIds: string[];
  /** Per batch, epoch ms of its C3 answer. */
  acceptedAt: number[];
  /** Per batch, epoch ms at which C4 first showed no item `enqueue`. */
  appliedSeenAt: number[];
  submitLatency: LatencySummary;
  resultPolls: number;
  items: { success: number; failure: number; failureCodes: Record<string, number> };
  feed: { polls: number; items: number; ingestItems: number; probeItems: number; duplicates: number; pollLatency: LatencySummary };
  /** Every ingest item: its batch's C3 answer → the C6 answer that first listed it. */
  lagFromAcceptance: LatencySummary;
  probes: { sent: number; ok: number; failures: Record<string, number>; latency: LatencySummary; lagFromResponse: LatencySummary };
  /** Sampled items (every lagSampleEvery-th ingest item, every probe): transaction id and when C6 first listed it. */
  seen: { transactionIds: string[]; seenAt: number[]; probe: boolean[] };
}

export type LoadTask = ClosedLoopTask | IngestTask;
type ResultOf<T extends LoadTask> = T extends ClosedLoopTask ? ClosedLoopResult : IngestResult;

/** Runs one task in a fresh worker thread; rejects with the worker's error. */
export function runInWorker<T extends LoadTask>(task: T): Promise<ResultOf<T>> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./load-worker.js', import.meta.url), { workerData: task });
    let settled = false;
    worker.once('message', (message: { ok: true; result: ResultOf<T> } | { ok: false; error: string }) => {
      settled = true;
      // The answer is in; a client that failed may still have loops waiting on what never came.
      void worker.terminate();
      if (message.ok) resolve(message.result);
      else reject(new Error(`load client (${task.kind}) failed: ${message.error}`));
    });
    worker.once('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`load client (${task.kind}) exited with code ${code} before answering`));
    });
  });
}
