import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pino } from 'pino';
import { FixedClock, formatIysDateTime } from '@iys/platform/building-blocks';
import { loadConfig } from '@iys/platform/config';
import { createPool, runMigrations } from '@iys/platform/database';
import { RecordingMessageSender } from '@iys/platform/outbox';
import { PiiVault } from '@iys/platform/pii';
import { allMigrations } from '@iys/composition';
import { createHttpApp } from '../../apps/api/src/http-app.js';
import { onboardProvider } from '../consent/app-under-test.js';
import { summarise, type LatencySummary } from '../consent/consent-inputs.js';

/** The administrator `onboardProvider` signs in as (bench/consent/app-under-test.ts). */
const ADMIN = { username: 'bench-admin', password: 'bench admin password, long enough' };
const HEADER = 'BENCHMARKA';
const DAY_MS = 86_400_000;
/** Complaints an account may file a day (H772) and sign-in codes a client may ask an hour (H662): the rounds respect both. */
const PER_ACCOUNT = 10;
const ACCOUNTS_PER_ROUND = 15;

export interface FilingResult {
  filings: number;
  resolved: LatencySummary;
  unresolved: LatencySummary;
  p99Ratio: number;
}

/**
 * Filing over HTTP (`POST /recipients/me/complaints`), the real API on its own database with the
 * registry's clock held by the benchmark: recipients sign in by code (read from the recording
 * sender), and file SMS complaints about a registered header whose consent was rejected (the sender
 * resolves: as-of evidence with proofs, assessment, sealing under the complaint's key). Baseline in the
 * same run, interleaved: the same filing about an unknown header (no resolution, no evidence). The
 * clock moves a day between rounds of 15 accounts × 10 complaints, as the abuse limits require.
 */
export async function measureFiling(url: string, filings: number): Promise<FilingResult> {
  await runMigrations(url, allMigrations);
  const pool = createPool({ url, size: 10, applicationName: 'iys-bench-filing' });
  const clock = new FixedClock(new Date('2026-03-02T07:00:00Z'));
  const config = loadConfig({
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    IYS_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'iys-bench-filing-')),
    IYS_RATE_LIMIT_PER_SECOND: '1000000',
    IYS_ADMIN_USERNAME: ADMIN.username,
    IYS_ADMIN_PASSWORD: ADMIN.password,
  });
  const vault = new PiiVault({ pool, masterKey: randomBytes(32), hmacKey: randomBytes(32), clock });
  const app = await createHttpApp({ config, pool, vault, logger: pino({ level: 'warn' }), runProjections: true, tokenSigningKey: randomBytes(32), instanceId: 'bench', clock });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.getHttpServer().address() as AddressInfo).port;
  const call = async <T>(method: string, route: string, body: unknown, token?: string, expect = 200): Promise<T> => {
    const response = await fetch(`http://127.0.0.1:${port}${route}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (response.status !== expect) throw new Error(`${method} ${route} answered ${response.status} (expected ${expect}): ${text.slice(0, 300)}`);
    return JSON.parse(text) as T;
  };
  const recording = app.get(RecordingMessageSender);
  const signIn = async (phone: string): Promise<string> => {
    const before = await codesTo(phone);
    const { challengeId } = await call<{ challengeId: string }>('POST', '/recipients/auth/codes', { recipient: phone });
    let code: string | undefined;
    // The dispatcher sends in the background: poll for the code's message.
    for (let attempt = 0; !code && attempt < 200; attempt++) {
      const messages = await codesTo(phone);
      if (messages.length > before.length) code = /\b(\d{6})\b/.exec(messages[messages.length - 1].text)?.[1];
      else await new Promise((resolve) => setTimeout(resolve, 50));
    }
    if (!code) throw new Error('no sign-in code arrived');
    return (await call<{ access_token: string }>('POST', '/recipients/auth/token', { challengeId, code })).access_token;
  };
  async function codesTo(phone: string) {
    const recipientId = await vault.findRecipientId(phone);
    return recipientId ? recording.recorded((m) => m.recipientId === recipientId && m.template === 'recipient.code.sms') : [];
  }

  try {
    const onboarded = await onboardProvider(port);
    const [iysCode, brandCode, provider] = [onboarded.iysCode, onboarded.brandCodes[0], onboarded.token];
    await call('POST', `/sps/${iysCode}/brands/${brandCode}/senders`, { channel: 'MESAJ', senderId: HEADER }, provider, 201);

    // `filings` measured (resolved) filings, as many baseline ones: 75 + 75 a round.
    const rounds = Math.ceil(filings / ((ACCOUNTS_PER_ROUND * PER_ACCOUNT) / 2));
    const phones = Array.from({ length: rounds * ACCOUNTS_PER_ROUND }, (_, i) => `+90535${String(4000000 + i).padStart(7, '0')}`);
    // Each address: ONAY on day 0, RET an hour later; the messages come days after (likely violation).
    for (const [status, at] of [['ONAY', clock.now()], ['RET', new Date(clock.now().getTime() + 3_600_000)]] as const) {
      for (const phone of phones) {
        await call('POST', `/sps/${iysCode}/brands/${brandCode}/consents`, { recipient: phone, recipientType: 'BIREYSEL', type: 'MESAJ', status, consentDate: formatIysDateTime(at), source: 'HS_WEB' }, provider);
      }
      clock.advance(3_600_000 + 1000);
    }
    const times = { resolved: [] as number[], unresolved: [] as number[] };
    for (let round = 0; round < rounds; round++) {
      clock.advance(7 * DAY_MS);
      for (const phone of phones.slice(round * ACCOUNTS_PER_ROUND, (round + 1) * ACCOUNTS_PER_ROUND)) {
        const token = await signIn(phone);
        for (let n = 0; n < PER_ACCOUNT; n++) {
          const resolved = n % 2 === 0;
          const body = {
            channel: 'MESAJ',
            recipient: phone,
            recipientType: 'BIREYSEL',
            sender: resolved ? HEADER : `BILINMEYEN${n}`,
            messageDate: formatIysDateTime(new Date(clock.now().getTime() - (n + 1) * 3_600_000)),
            content: 'Kampanya! Tüm ürünlerde %50 indirim. Detaylar için tıklayın.',
            gsmOperator: 'TURKCELL',
            province: 1 + ((round * 7 + n) % 81),
            residence: 'Moda Cad. No:1 Kadıköy İstanbul',
            nationalId: '10000000146',
            subjects: ['REJECTED_STILL_RECEIVING'],
          };
          const start = performance.now();
          const filed = await call<{ resolved: boolean }>('POST', '/recipients/me/complaints', body, token, 201);
          (resolved ? times.resolved : times.unresolved).push(performance.now() - start);
          if (filed.resolved !== resolved) throw new Error('the sender did not resolve as the benchmark expects');
        }
      }
    }
    const resolved = summarise(times.resolved);
    const unresolved = summarise(times.unresolved);
    return { filings: times.resolved.length + times.unresolved.length, resolved, unresolved, p99Ratio: Math.round((resolved.p99Ms / unresolved.p99Ms) * 100) / 100 };
  } finally {
    await app.close();
    await pool.end().catch(() => undefined);
  }
}
