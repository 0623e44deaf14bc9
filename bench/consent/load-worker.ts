/**
 * Worker-thread entry of the load client (see load.ts): runs the one task it is given, posts the
 * result and ends. Plain node:http with keep-alive sockets, the lightest client Node ships.
 */
import http from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';
import { batchBody, consentBody, epochMs, phone, phoneIndex, summarise } from './consent-inputs.js';
import type { ClosedLoopResult, ClosedLoopTask, IngestResult, IngestTask, LoadTask } from './load.js';

const HOST = '127.0.0.1';
const REQUEST_TIMEOUT_MS = 60_000;

interface Answer {
  status: number;
  text: string;
}

class HttpClient {
  private readonly agent: http.Agent;

  constructor(
    private readonly port: number,
    private readonly token: string | undefined,
    sockets: number,
  ) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets: sockets, maxFreeSockets: sockets });
  }

  send(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Answer> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: http.OutgoingHttpHeaders = { accept: 'application/json' };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (payload !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = Buffer.byteLength(payload);
    }
    return new Promise<Answer>((resolve, reject) => {
      const request = http.request({ host: HOST, port: this.port, method, path, headers, agent: this.agent }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', reject);
      });
      request.setTimeout(REQUEST_TIMEOUT_MS, () => request.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)));
      request.on('error', reject);
      request.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** `404 H641`, `500`, or `error: <message>` — never the body, which could quote a recipient. */
function failureKey(answer: Answer): string {
  try {
    const code = (JSON.parse(answer.text) as { errors?: { code?: string }[] }).errors?.[0]?.code;
    return code ? `${answer.status} ${code}` : String(answer.status);
  } catch {
    return String(answer.status);
  }
}

function count(map: Record<string, number>, key: string): void {
  map[key] = (map[key] ?? 0) + 1;
}

const randomIndex = (n: number) => Math.floor(Math.random() * n);

// ------------------------------------------------------------------------------------------------

async function closedLoop(task: ClosedLoopTask): Promise<ClosedLoopResult> {
  const client = new HttpClient(task.port, task.token, task.concurrency);
  const spec = task.request;
  let nextPhone = spec.type === 'add' ? spec.phoneFrom : 0;
  const makeBody = (): unknown => {
    switch (spec.type) {
      case 'add':
        return consentBody(nextPhone++, spec.consentDate);
      case 'status':
        return { recipient: phone(spec.phoneFrom + randomIndex(spec.phoneCount)), recipientType: 'BIREYSEL', type: 'MESAJ' };
      case 'bare-status':
        return { recipientId: spec.recipientIds[randomIndex(spec.recipientIds.length)], recipientType: 'BIREYSEL', type: 'MESAJ' };
      case 'multi': {
        const picked = new Set<number>();
        while (picked.size < Math.min(spec.perCall, spec.phoneCount)) picked.add(spec.phoneFrom + randomIndex(spec.phoneCount));
        return { recipients: [...picked].map(phone) };
      }
    }
  };
  const perCall = spec.type === 'multi' ? Math.min(spec.perCall, spec.phoneCount) : 1;

  const failures: Record<string, number> = {};
  const latencies: number[] = [];
  let mismatches = 0;
  let answered = 0;
  const started = epochMs();
  const windowStart = started + task.warmupMs;
  const windowEnd = windowStart + task.durationMs;

  const loop = async () => {
    while (epochMs() < windowEnd) {
      const body = makeBody();
      const t0 = epochMs();
      let answer: Answer;
      try {
        answer = await client.send('POST', spec.path, body);
      } catch (error) {
        count(failures, `error: ${(error as Error).message}`);
        continue;
      }
      const t1 = epochMs();
      if (answer.status !== 200) {
        count(failures, failureKey(answer));
        continue;
      }
      answered += 1;
      if (spec.type === 'multi' && (JSON.parse(answer.text) as { list: string[] }).list.length !== perCall) mismatches += 1;
      // Counted when both ends lie in the window: the figure is what the server sustains, warm.
      if (t0 >= windowStart && t1 <= windowEnd) latencies.push(t1 - t0);
    }
  };
  await Promise.all(Array.from({ length: task.concurrency }, loop));
  client.close();

  const seconds = task.durationMs / 1000;
  return {
    label: task.label,
    concurrency: task.concurrency,
    requests: latencies.length,
    seconds,
    requestsPerSecond: Math.round(latencies.length / seconds),
    units: latencies.length * perCall,
    answeredUnits: answered * perCall,
    unitsPerSecond: Math.round((latencies.length * perCall) / seconds),
    latency: summarise(latencies),
    failures,
    mismatches,
    phonesUsed: spec.type === 'add' ? nextPhone - spec.phoneFrom : 0,
    latenciesMs: latencies,
  };
}

// ------------------------------------------------------------------------------------------------

interface Change {
  recipient: string;
  transactionId: string;
}

async function ingest(task: IngestTask): Promise<IngestResult> {
  // Submitters, the C4 watcher, the C6 poller and the probe: one socket each.
  const client = new HttpClient(task.port, task.token, task.inflight + 3);
  const batches = Math.ceil(task.total / task.batchSize);
  const base = task.basePath;
  const startedAt = epochMs();
  const deadline = startedAt + task.timeoutMs;
  let timedOut = false;
  const expired = () => {
    if (!timedOut && epochMs() > deadline) timedOut = true;
    return timedOut;
  };

  // --- C3: `inflight` submitters take batches in order.
  const requestIds: string[] = new Array<string>(batches);
  const acceptedAt = new Array<number>(batches).fill(Number.NaN);
  const submitLatencies: number[] = [];
  let nextBatch = 0;
  let accepted = 0;
  let allAcceptedAt = Number.NaN;
  const submitter = async () => {
    while (nextBatch < batches && !expired()) {
      const b = nextBatch++;
      const body = batchBody(task.phoneFrom, b, task.batchSize, task.total, task.consentDate);
      const t0 = epochMs();
      const answer = await client.send('POST', `${base}/consents/request`, body);
      const t1 = epochMs();
      if (answer.status !== 200) throw new Error(`C3 batch ${b} answered ${failureKey(answer)}`);
      requestIds[b] = (JSON.parse(answer.text) as { requestId: string }).requestId;
      acceptedAt[b] = t1;
      submitLatencies.push(t1 - t0);
      accepted += 1;
      if (accepted === batches) allAcceptedAt = t1;
    }
  };

  // --- C4: batches are applied in the order received, so the oldest unfinished one is watched.
  const appliedSeenAt = new Array<number>(batches).fill(Number.NaN);
  const items = { success: 0, failure: 0, failureCodes: {} as Record<string, number> };
  let resultPolls = 0;
  let allAppliedAt = Number.NaN;
  const watcher = async () => {
    for (let b = 0; b < batches; b++) {
      while (requestIds[b] === undefined) {
        if (expired()) return;
        await sleep(task.resultPollMs);
      }
      for (;;) {
        if (expired()) return;
        const answer = await client.send('GET', `${base}/consents/request/${requestIds[b]}`);
        resultPolls += 1;
        if (answer.status !== 200) throw new Error(`C4 of batch ${b} answered ${failureKey(answer)}`);
        const result = JSON.parse(answer.text) as { status: string; error?: { code: string } }[];
        if (result.some((item) => item.status === 'enqueue')) {
          await sleep(task.resultPollMs);
          continue;
        }
        appliedSeenAt[b] = epochMs();
        for (const item of result) {
          if (item.status === 'success') items.success += 1;
          else {
            items.failure += 1;
            count(items.failureCodes, item.error?.code ?? 'unknown');
          }
        }
        break;
      }
    }
    allAppliedAt = epochMs();
  };

  // --- C1 probes: one add every probeIntervalMs while the ingest is being applied.
  const probeResponseAt: number[] = [];
  /** Probes C6 listed before their own C1 answer was read here (by probe number). */
  const listedEarly = new Map<number, number>();
  const probeLags: number[] = [];
  const probeLatencies: number[] = [];
  const probeFailures: Record<string, number> = {};
  let probesSent = 0;
  let probesOk = 0;
  let probesSeen = 0;
  let probeInFlight = false;
  const prober = async () => {
    while (Number.isNaN(allAppliedAt) && !expired()) {
      const k = probesSent++;
      probeInFlight = true;
      const t0 = epochMs();
      const answer = await client.send('POST', `${base}/consents`, consentBody(task.probeFrom + k, task.consentDate));
      const t1 = epochMs();
      probeInFlight = false;
      if (answer.status === 200) {
        probeResponseAt[k] = t1;
        probesOk += 1;
        probeLatencies.push(t1 - t0);
        const early = listedEarly.get(k);
        if (early !== undefined) probeLags.push(Math.max(0, early - t1));
      } else count(probeFailures, failureKey(answer));
      await sleep(Math.max(0, task.probeIntervalMs - (t1 - t0)));
    }
  };

  // --- C6: pulls the brand's HS movements as fast as they come.
  const seenBitmap = new Uint8Array(task.total);
  const lagFromAcceptance = new Float64Array(task.total);
  const seen = { transactionIds: [] as string[], seenAt: [] as number[], probe: [] as boolean[] };
  const feed = { polls: 0, items: 0, ingestItems: 0, probeItems: 0, duplicates: 0 };
  const pollLatencies: number[] = [];
  let feedCaughtUpAt = Number.NaN;
  const poller = async () => {
    let after = '';
    for (;;) {
      if (expired()) return;
      const t0 = epochMs();
      const answer = await client.send('GET', `${base}/consents/changes?source=HS&limit=1000${after ? `&after=${after}` : ''}`);
      const t1 = epochMs();
      feed.polls += 1;
      pollLatencies.push(t1 - t0);
      if (answer.status !== 200) throw new Error(`C6 answered ${failureKey(answer)}`);
      const page = JSON.parse(answer.text) as { after: string; list: Change[] };
      after = page.after;
      for (const change of page.list) {
        feed.items += 1;
        const index = phoneIndex(change.recipient);
        const i = index - task.phoneFrom;
        if (i >= 0 && i < task.total) {
          if (seenBitmap[i]) {
            feed.duplicates += 1;
            continue;
          }
          seenBitmap[i] = 1;
          feed.ingestItems += 1;
          lagFromAcceptance[i] = t1 - acceptedAt[Math.floor(i / task.batchSize)];
          if (i % task.lagSampleEvery === 0) {
            seen.transactionIds.push(change.transactionId);
            seen.seenAt.push(t1);
            seen.probe.push(false);
          }
        } else if (index >= task.probeFrom && index < task.probeFrom + probesSent) {
          const k = index - task.probeFrom;
          feed.probeItems += 1;
          probesSeen += 1;
          if (probeResponseAt[k] === undefined) listedEarly.set(k, t1);
          else probeLags.push(t1 - probeResponseAt[k]);
          seen.transactionIds.push(change.transactionId);
          seen.seenAt.push(t1);
          seen.probe.push(true);
        }
      }
      const probesDone = !Number.isNaN(allAppliedAt) && !probeInFlight;
      if (probesDone && feed.ingestItems >= items.success && probesSeen >= probesOk) {
        feedCaughtUpAt = t1;
        return;
      }
      if (page.list.length < 1000) await sleep(task.feedIdleMs);
    }
  };

  const submitters = Array.from({ length: Math.min(task.inflight, batches) }, submitter);
  await Promise.all([...submitters, watcher(), prober(), poller()]);
  client.close();
  const ingestLags = lagFromAcceptance.filter((_, i) => seenBitmap[i] === 1);

  return {
    startedAt,
    allAcceptedAt,
    allAppliedAt,
    feedCaughtUpAt,
    timedOut,
    batches,
    requestIds,
    acceptedAt,
    appliedSeenAt,
    submitLatency: summarise(submitLatencies),
    resultPolls,
    items,
    feed: { ...feed, pollLatency: summarise(pollLatencies) },
    lagFromAcceptance: summarise(ingestLags),
    probes: {
      sent: probesSent,
      ok: probesOk,
      failures: probeFailures,
      latency: summarise(probeLatencies),
      lagFromResponse: summarise(probeLags),
    },
    seen,
  };
}

// ------------------------------------------------------------------------------------------------

async function run(task: LoadTask): Promise<ClosedLoopResult | IngestResult> {
  return task.kind === 'ingest' ? ingest(task) : closedLoop(task);
}

if (parentPort) {
  const port = parentPort;
  run(workerData as LoadTask).then(
    (result) => port.postMessage({ ok: true, result }),
    (error: unknown) => port.postMessage({ ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
}
