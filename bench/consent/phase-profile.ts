import type pg from 'pg';
import { batchBody, epochMs } from './consent-inputs.js';
import { place, type PlacedStatement, type Stage, type StatementTimer } from './statement-timer.js';

/**
 * The phase profile (not part of any throughput figure): batches of C3 sent one at a time, each
 * followed until its items are applied and in the change feed, with every statement of the API's
 * pool timed. Per batch, each stage's wall time splits into SQL (round trips) and JavaScript (the
 * gaps between its statements: deciding, hashing, building rows, validating, encrypting…).
 */
export interface StepFigure {
  step: string;
  calls: number;
  sqlMs: number;
  /** The stage's JavaScript just before this statement (since its previous statement ended). */
  jsBeforeMs: number;
}

export interface StageFigure {
  stage: Stage;
  wallMs: number;
  sqlMs: number;
  jsMs: number;
  steps: StepFigure[];
}

export interface PhaseProfile {
  batches: number;
  batchSize: number;
  /** C3 call → items visible in consent.changes, per batch. */
  endToEndMs: number;
  /** C3 answered → the worker's first statement (NOTIFY wake-up). */
  queueToWorkerMs: number;
  stages: StageFigure[];
}

export interface ProfileTarget {
  port: number;
  token: string;
  basePath: string;
  brandCode: number;
  phoneFrom: number;
  consentDate: string;
}

const BACKGROUND = new Set(['notification outbox poll', 'pick pending requests', 'request lock', 'request unlock', 'request still open?', 'load queued items (jsonb)', 'record item outcomes', 'mark request completed']);

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const r2 = (v: number) => Math.round(v * 100) / 100;

async function until(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`phase profile: ${what} did not happen within ${timeoutMs} ms`);
    await sleep(3);
  }
}

/**
 * Sends `batches` + 1 batches one after another (the first one warms up and is not counted). The
 * polling runs on `observer`, a pool outside the timed one.
 */
export async function profileBatches(target: ProfileTarget, timer: StatementTimer, observer: pg.Pool, batches: number, batchSize: number): Promise<PhaseProfile> {
  const { rows: before } = await observer.query<{ n: number }>('SELECT count(*)::int AS n FROM consent.changes WHERE brand_code = $1', [target.brandCode]);
  let inFeed = before[0].n;
  const windows: { t0: number; accepted: number; end: number }[] = [];
  timer.enabled = true;
  try {
    for (let b = 0; b <= batches; b++) {
      const body = JSON.stringify(batchBody(target.phoneFrom, b, batchSize, (batches + 1) * batchSize, target.consentDate));
      const t0 = epochMs();
      const response = await fetch(`http://127.0.0.1:${target.port}${target.basePath}/consents/request`, {
        method: 'POST',
        headers: { authorization: `Bearer ${target.token}`, 'content-type': 'application/json' },
        body,
      });
      const text = await response.text();
      const accepted = epochMs();
      if (response.status !== 200) throw new Error(`phase profile: C3 answered ${response.status}`);
      const { requestId } = JSON.parse(text) as { requestId: string };
      await until(
        async () => (await observer.query('SELECT 1 FROM consent.batch_requests WHERE request_id = $1 AND completed_at IS NOT NULL', [requestId])).rowCount === 1,
        60_000,
        'a batch being applied',
      );
      inFeed += batchSize;
      await until(
        async () => (await observer.query<{ n: number }>('SELECT count(*)::int AS n FROM consent.changes WHERE brand_code = $1', [target.brandCode])).rows[0].n >= inFeed,
        60_000,
        'a batch reaching the change feed',
      );
      windows.push({ t0, accepted, end: epochMs() });
      await sleep(100); // let the daemon's and the worker's idle checks finish inside this window
    }
  } finally {
    timer.enabled = false;
  }

  const counted = windows.slice(1);
  const stages = new Map<Stage, { wall: number; sql: number; steps: Map<string, { calls: number; sql: number; js: number }> }>();
  let endToEnd = 0;
  let queueToWorker = 0;
  for (const [i, w] of counted.entries()) {
    const next = counted[i + 1]?.t0 ?? Number.POSITIVE_INFINITY;
    const statements = place(timer.take(w.t0, next));
    endToEnd += w.end - w.t0;
    const byStage = new Map<Stage, PlacedStatement[]>();
    for (const s of statements) byStage.set(s.stage, [...(byStage.get(s.stage) ?? []), s]);
    for (const [stage, all] of byStage) {
      const list = onCriticalPath(stage, all, w, statements);
      if (list.length === 0) continue;
      if (stage === 'batch worker') queueToWorker += Math.max(0, list[0].start - w.accepted);
      const figure = stages.get(stage) ?? { wall: 0, sql: 0, steps: new Map() };
      // The C3 stage's wall is the client's: it includes parsing, validating and answering.
      const wall = stage === 'C3 request' ? w.accepted - w.t0 : Math.max(...list.map((s) => s.end)) - list[0].start;
      figure.wall += wall;
      let previousEnd = stage === 'C3 request' ? w.t0 : list[0].start;
      const add = (name: string, sql: number, js: number) => {
        const step = figure.steps.get(name) ?? { calls: 0, sql: 0, js: 0 };
        step.calls += 1;
        step.sql += sql;
        step.js += js;
        figure.steps.set(name, step);
      };
      for (const s of list) {
        add(s.step, s.end - s.start, Math.max(0, s.start - previousEnd));
        previousEnd = Math.max(previousEnd, s.end);
        figure.sql += s.end - s.start;
      }
      if (stage === 'C3 request') add('(after the last statement: answer built, sent and read)', 0, Math.max(0, w.accepted - previousEnd));
      stages.set(stage, figure);
    }
  }
  const n = counted.length;
  const order: Stage[] = ['C3 request', 'batch worker', 'change-feed projection', 'projections (shared pass)', 'other projections', 'other'];
  return {
    batches: n,
    batchSize,
    endToEndMs: r2(endToEnd / n),
    queueToWorkerMs: r2(queueToWorker / n),
    stages: order
      .filter((stage) => stages.has(stage))
      .map((stage) => {
        const f = stages.get(stage)!;
        return {
          stage,
          wallMs: r2(f.wall / n),
          sqlMs: r2(f.sql / n),
          jsMs: r2((f.wall - f.sql) / n),
          steps: [...f.steps.entries()].map(([step, s]) => ({ step, calls: r2(s.calls / n), sqlMs: r2(s.sql / n), jsBeforeMs: r2(s.js / n) })),
        };
      }),
  };
}

/**
 * The statements of a stage that lie on the batch's path to the feed: the worker from its first
 * statement after the request's NOTIFY to marking it completed; the projection from the first
 * statement after the append's NOTIFY to the COMMIT after its last insert. Idle wake-ups (the
 * worker's 1 s timer, the daemon's caught-up checks) fall outside.
 */
function onCriticalPath(stage: Stage, list: PlacedStatement[], w: { t0: number; accepted: number }, all: PlacedStatement[]): PlacedStatement[] {
  const firstAt = (step: string) => all.find((s) => s.step === step);
  if (stage === 'C3 request') return list.filter((s) => s.end <= w.accepted);
  if (stage === 'batch worker') {
    const notified = firstAt('queue: notify');
    const from = list.findIndex((s) => s.start >= (notified?.start ?? w.t0));
    const to = list.findIndex((s) => s.step === 'mark request completed');
    return from < 0 || to < from ? list : list.slice(from, to + 1);
  }
  if (stage === 'change-feed projection') {
    const appended = firstAt('append: notify');
    const from = list.findIndex((s) => s.start >= (appended?.start ?? w.t0));
    let lastInsert = -1;
    list.forEach((s, i) => {
      if (s.step === 'insert changes') lastInsert = i;
    });
    const commit = lastInsert < 0 ? -1 : list.findIndex((s, i) => i > lastInsert && s.step === 'COMMIT');
    return from < 0 || commit < from ? list : list.slice(from, commit + 1);
  }
  return list;
}

export interface RequestProfile {
  label: string;
  requests: number;
  /** Client-measured, one request at a time. */
  wallMs: number;
  sqlMs: number;
  jsMs: number;
  statementsPerRequest: number;
  steps: StepFigure[];
}

/**
 * One request at a time (after a warm-up), every statement it makes timed: where a single C1 or C2
 * spends its time when nothing else runs. Projection work its commit triggers is left out.
 */
export async function profileRequests(timer: StatementTimer, label: string, count: number, send: (i: number) => Promise<void>): Promise<RequestProfile> {
  for (let i = 0; i < 20; i++) await send(i);
  const windows: { t0: number; t1: number }[] = [];
  timer.enabled = true;
  try {
    for (let i = 20; i < 20 + count; i++) {
      const t0 = epochMs();
      await send(i);
      windows.push({ t0, t1: epochMs() });
    }
  } finally {
    timer.enabled = false;
  }
  const steps = new Map<string, { calls: number; sql: number; js: number }>();
  let wall = 0;
  let sql = 0;
  let statements = 0;
  const add = (name: string, sqlMs: number, js: number) => {
    const step = steps.get(name) ?? { calls: 0, sql: 0, js: 0 };
    step.calls += 1;
    step.sql += sqlMs;
    step.js += js;
    steps.set(name, step);
  };
  for (const w of windows) {
    // The request's own statements: not the projections its commit wakes, nor the batch worker's idle checks.
    const mine = place(timer.take(w.t0, w.t1)).filter((s) => s.stage !== 'change-feed projection' && s.stage !== 'other projections' && s.stage !== 'projections (shared pass)' && !BACKGROUND.has(s.step));
    wall += w.t1 - w.t0;
    let previousEnd = w.t0;
    for (const s of mine) {
      add(s.step, s.end - s.start, Math.max(0, s.start - previousEnd));
      previousEnd = Math.max(previousEnd, s.end);
      sql += s.end - s.start;
      statements += 1;
    }
    add('(after the last statement: answer built, sent and read)', 0, Math.max(0, w.t1 - previousEnd));
  }
  timer.records.length = 0;
  const n = windows.length;
  return {
    label,
    requests: n,
    wallMs: r2(wall / n),
    sqlMs: r2(sql / n),
    jsMs: r2((wall - sql) / n),
    statementsPerRequest: r2(statements / n),
    steps: [...steps.entries()].map(([step, s]) => ({ step, calls: r2(s.calls / n), sqlMs: r2(s.sql / n), jsBeforeMs: r2(s.js / n) })),
  };
}
