/**
 * Worker-thread entry of the reconciliation benchmark's HTTP client (http-client.ts): one task,
 * its result posted back. Plain node:http with a keep-alive agent.
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import type { DownloadResult, DownloadTask, HttpTask, RequestsResult, RequestsTask } from './http-client.js';

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

/** GET the file as it streams: bytes, CRLF records and SHA-256 as they come, RSS sampled meanwhile. */
function download(task: DownloadTask): Promise<DownloadResult> {
  let rssPeakBytes = process.memoryUsage.rss();
  let rssSamples = 1;
  const sampler = setInterval(() => {
    rssPeakBytes = Math.max(rssPeakBytes, process.memoryUsage.rss());
    rssSamples += 1;
  }, task.sampleMs);
  const started = performance.now();
  return new Promise<DownloadResult>((resolve, reject) => {
    const request = http.get(
      { host: '127.0.0.1', port: task.port, path: task.path, agent, headers: { authorization: `Bearer ${task.token}` } },
      (response) => {
        const hash = createHash('sha256');
        let bytes = 0;
        let records = 0;
        let firstByteMs = Number.NaN;
        response.on('data', (chunk: Buffer) => {
          if (bytes === 0) firstByteMs = performance.now() - started;
          bytes += chunk.length;
          hash.update(chunk);
          for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) records += 1;
        });
        response.on('end', () => {
          clearInterval(sampler);
          resolve({
            status: response.statusCode ?? 0,
            contentType: String(response.headers['content-type']),
            bytes,
            records,
            sha256: hash.digest('hex'),
            firstByteMs,
            totalMs: performance.now() - started,
            rssPeakBytes: Math.max(rssPeakBytes, process.memoryUsage.rss()),
            rssSamples,
          });
        });
        response.on('error', reject);
      },
    );
    request.on('error', (error) => {
      clearInterval(sampler);
      reject(error);
    });
  });
}

/** `count` POSTs of the same body, one after another; the latency of each. */
async function requests(task: RequestsTask): Promise<RequestsResult> {
  const payload = JSON.stringify(task.body);
  const headers = { authorization: `Bearer ${task.token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) };
  const latenciesMs: number[] = [];
  const failures: Record<string, number> = {};
  let answerBytes = 0;
  for (let i = 0; i < task.count; i++) {
    const started = performance.now();
    const status = await new Promise<number>((resolve, reject) => {
      const request = http.request({ host: '127.0.0.1', port: task.port, path: task.path, method: 'POST', agent, headers }, (response) => {
        let size = 0;
        response.on('data', (chunk: Buffer) => (size += chunk.length));
        response.on('end', () => {
          answerBytes = size;
          resolve(response.statusCode ?? 0);
        });
        response.on('error', reject);
      });
      request.on('error', reject);
      request.end(payload);
    });
    latenciesMs.push(performance.now() - started);
    if (status !== 200) failures[String(status)] = (failures[String(status)] ?? 0) + 1;
  }
  return { latenciesMs, answerBytes, failures };
}

if (parentPort) {
  const port = parentPort;
  const task = workerData as HttpTask;
  (task.kind === 'download' ? download(task) : requests(task)).then(
    (result) => port.postMessage({ result }),
    (error: unknown) => port.postMessage({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
}
