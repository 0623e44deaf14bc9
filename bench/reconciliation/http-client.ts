import { Worker } from 'node:worker_threads';

/**
 * The reconciliation benchmark's HTTP client, run in a worker thread of the benchmark process so
 * that reading the answers (hashing 100+ MB of CSV, parsing history JSON) does not run on the
 * event loop of the API under test. The worker also samples the process's RSS (process-wide: the
 * API's memory) while a download runs, from a loop that is idle enough to sample on time.
 */
export interface DownloadTask {
  kind: 'download';
  port: number;
  path: string;
  token: string;
  /** RSS sampling period. */
  sampleMs: number;
}

export interface DownloadResult {
  status: number;
  contentType: string;
  bytes: number;
  /** CRLF-ended records (the header included). */
  records: number;
  sha256: string;
  firstByteMs: number;
  totalMs: number;
  rssPeakBytes: number;
  rssSamples: number;
}

export interface RequestsTask {
  kind: 'requests';
  port: number;
  path: string;
  token: string;
  body: unknown;
  count: number;
}

export interface RequestsResult {
  latenciesMs: number[];
  /** Bytes of the last answer. */
  answerBytes: number;
  failures: Record<string, number>;
}

export type HttpTask = DownloadTask | RequestsTask;
type ResultOf<T extends HttpTask> = T extends DownloadTask ? DownloadResult : RequestsResult;

/** Runs one task in a fresh worker thread (http-worker.ts) and resolves with its result. */
export function runHttpTask<T extends HttpTask>(task: T): Promise<ResultOf<T>> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./http-worker.js', import.meta.url), { workerData: task });
    worker.once('message', (message: { result?: ResultOf<T>; error?: string }) => {
      void worker.terminate();
      if (message.result) resolve(message.result);
      else reject(new Error(`HTTP client (${task.kind}) failed: ${message.error}`));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`HTTP client (${task.kind}) exited with code ${code}`)));
  });
}
