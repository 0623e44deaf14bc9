import { formatIysDateTime } from '@iys/platform/building-blocks';
import type { Provider } from '../consent/app-under-test.js';
import { batchBody, consentBody, phone, PHONE_RANGES } from '../consent/consent-inputs.js';
import type { CodeSource } from './sign-in-codes.js';

/** Requests per second of each steady workload (paced, not as fast as possible: a soak, not a race). */
export interface SoakRates {
  /** C1: one consent of a new recipient each, so a consent notice follows each. */
  adds: number;
  /** C2: the status of a recipient added earlier. */
  statuses: number;
  /** C6: the next page of the change feed. */
  feedPolls: number;
  /** C3: batches of `batchSize` new recipients (one notice each). */
  batches: number;
  batchSize: number;
  /** Recipient sign-ins (code by SMS → token → own consents), one at a time. */
  signIns: number;
}

export interface WorkloadCounts {
  sent: number;
  ok: number;
  /** Answers other than the expected status, and transport errors, by status or error name. */
  failures: Record<string, number>;
  /** Turns skipped because as many requests of the workload were still unanswered (the API fell behind). */
  skipped: number;
  totalMs: number;
  maxMs: number;
}

/** Requests of one workload in flight before its turns are skipped. */
const MAX_IN_FLIGHT = 32;
const TICK_MS = 100;
/** Phone indexes, newest first, that C2 leaves alone (a C1 or C3 may still be in flight for them). */
const SETTLED_MARGIN = 500;

const newCounts = (): WorkloadCounts => ({ sent: 0, ok: 0, failures: {}, skipped: 0, totalMs: 0, maxMs: 0 });

/**
 * The steady mixed load of the soak: C1, C2, C6, C3 and recipient sign-ins at fixed rates, every
 * request to 127.0.0.1. Sign-in code requests come from rotating client addresses (X-Forwarded-For,
 * the API trusting 127.0.0.1 as its proxy), as many people would, so the per-client limit of the
 * sign-in codes does not stop them. Returns the counts when `stop` resolves and the last request is answered.
 */
export async function runSoakLoad(port: number, provider: Provider, rates: SoakRates, codes: CodeSource, stop: Promise<void>): Promise<Record<string, WorkloadCounts>> {
  const base = `http://127.0.0.1:${port}`;
  const brand = `/sps/${provider.iysCode}/brands/${provider.brandCodes[0]}`;
  const counts: Record<string, WorkloadCounts> = { C1: newCounts(), C2: newCounts(), C6: newCounts(), C3: newCounts(), signIn: newCounts() };
  const inFlight: Record<string, number> = { C1: 0, C2: 0, C6: 0, C3: 0, signIn: 0 };
  let nextPhone = PHONE_RANGES.adds;
  let feedAfter = '';
  let stopped = false;
  void stop.then(() => (stopped = true));
  const now = () => formatIysDateTime(new Date(Date.now() - 1000));

  /** One HTTP exchange, timed and counted; the parsed JSON answer when the status was the expected one. */
  async function exchange(workload: string, method: string, path: string, body: unknown, headers: Record<string, string> = {}, expect = 200): Promise<unknown> {
    const count = counts[workload]!;
    count.sent += 1;
    const start = performance.now();
    try {
      const response = await fetch(base + path, {
        method,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${provider.token}`, ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      const ms = performance.now() - start;
      count.totalMs += ms;
      count.maxMs = Math.max(count.maxMs, ms);
      if (response.status !== expect) {
        count.failures[response.status] = (count.failures[response.status] ?? 0) + 1;
        return undefined;
      }
      count.ok += 1;
      return text === '' ? {} : JSON.parse(text);
    } catch (error) {
      const name = error instanceof Error ? error.name : 'Error';
      count.failures[name] = (count.failures[name] ?? 0) + 1;
      return undefined;
    }
  }

  const added = () => nextPhone - PHONE_RANGES.adds;
  const work: Record<string, () => Promise<unknown>> = {
    C1: () => exchange('C1', 'POST', `${brand}/consents`, consentBody(nextPhone++, now())),
    C2: async () => {
      // Recipients added a few seconds ago at least, so that their consent is certainly recorded.
      const settled = added() - SETTLED_MARGIN;
      if (settled <= 0) return;
      const index = PHONE_RANGES.adds + Math.floor(Math.random() * settled);
      await exchange('C2', 'POST', `${brand}/consents/status`, { recipient: phone(index), recipientType: 'BIREYSEL', type: 'MESAJ' });
    },
    C6: async () => {
      const page = (await exchange('C6', 'GET', `${brand}/consents/changes?source=HS&limit=1000${feedAfter ? `&after=${feedAfter}` : ''}`, undefined)) as { after?: string } | undefined;
      if (page?.after) feedAfter = page.after;
    },
    C3: async () => {
      const from = nextPhone;
      nextPhone += rates.batchSize;
      await exchange('C3', 'POST', `${brand}/consents/request`, batchBody(from, 0, rates.batchSize, rates.batchSize, now()));
    },
    signIn: async () => {
      if (added() === 0) return;
      // A recipient added a while ago (the per-address code limits allow a few a day each).
      const recipient = phone(PHONE_RANGES.adds + Math.floor(Math.random() * added()));
      const client = `10.${Math.floor(Math.random() * 256)}.${Math.floor(Math.random() * 256)}.${1 + Math.floor(Math.random() * 254)}`;
      await codes.reset();
      const challenge = (await exchange('signIn', 'POST', '/recipients/auth/codes', { recipient }, { 'x-forwarded-for': client })) as { challengeId?: string } | undefined;
      if (challenge?.challengeId === undefined) return;
      const code = await codes.next(20_000);
      if (code === undefined) {
        counts.signIn.failures['code not seen'] = (counts.signIn.failures['code not seen'] ?? 0) + 1;
        return;
      }
      const token = (await exchange('signIn', 'POST', '/recipients/auth/token', { challengeId: challenge.challengeId, code })) as { access_token?: string } | undefined;
      if (token?.access_token === undefined) return;
      await exchange('signIn', 'GET', '/recipients/me/consents', undefined, { authorization: `Bearer ${token.access_token}` });
    },
  };
  const rateOf: Record<string, number> = { C1: rates.adds, C2: rates.statuses, C6: rates.feedPolls, C3: rates.batches, signIn: rates.signIns };
  const maxInFlight: Record<string, number> = { C1: MAX_IN_FLIGHT, C2: MAX_IN_FLIGHT, C6: 1, C3: 4, signIn: 1 };
  const due: Record<string, number> = { C1: 0, C2: 0, C6: 0, C3: 0, signIn: 0 };
  const pending = new Set<Promise<unknown>>();

  const started = performance.now();
  const launched: Record<string, number> = { C1: 0, C2: 0, C6: 0, C3: 0, signIn: 0 };
  while (!stopped) {
    const elapsedS = (performance.now() - started) / 1000;
    for (const workload of Object.keys(work)) {
      due[workload] = Math.floor(elapsedS * rateOf[workload]!);
      while (launched[workload]! < due[workload]!) {
        launched[workload]! += 1;
        if (inFlight[workload]! >= maxInFlight[workload]!) {
          counts[workload]!.skipped += 1;
          continue;
        }
        inFlight[workload]! += 1;
        const running = work[workload]!().finally(() => {
          inFlight[workload]! -= 1;
          pending.delete(running);
        });
        pending.add(running);
      }
    }
    await new Promise((resolve) => setTimeout(resolve, TICK_MS));
  }
  await Promise.all(pending);
  return counts;
}
