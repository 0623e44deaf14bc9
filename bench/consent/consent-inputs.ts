import { randomBytes, randomUUID } from 'node:crypto';
import { copyTextField } from '../store/copy-rows.js';

/**
 * What the consent benchmark sends and writes. Pure functions only: the load client (a worker
 * thread) and the orchestrator both use them, and the unit spec checks them against the registry's
 * own rules.
 */

/** Distinct Turkish mobiles: index i → +905(300000000 + i), i.e. +90530… to +90549…, all valid. */
export const PHONE_SPACE = 200_000_000;

/** Index ranges of the workloads' recipients, far enough apart never to meet. */
export const PHONE_RANGES = {
  /** C3 ingest (and the C2, C5 and bare-route lookups, which read what it wrote). */
  ingest: 0,
  /** The one-by-one C1 adds made while the ingest runs (change-feed lag probes). */
  probes: 50_000_000,
  /** The instrumented sequential batches of the phase profile. */
  profile: 60_000_000,
  /** The instrumented one-at-a-time C1 adds of the phase profile. */
  profileAdds: 70_000_000,
  /** C1 under load. */
  adds: 100_000_000,
} as const;

export function phone(index: number): string {
  if (!Number.isSafeInteger(index) || index < 0 || index >= PHONE_SPACE) throw new Error(`phone index out of range: ${index}`);
  return `+905${300_000_000 + index}`;
}

/** The index a phone was made from, or -1 for any other address. */
export function phoneIndex(recipient: string): number {
  if (recipient.length !== 13 || !recipient.startsWith('+905')) return -1;
  const n = Number(recipient.slice(4)) - 300_000_000;
  return Number.isSafeInteger(n) && n >= 0 && n < PHONE_SPACE ? n : -1;
}

export interface ConsentBody {
  recipient: string;
  recipientType: 'BIREYSEL';
  type: 'MESAJ';
  status: 'ONAY';
  source: 'HS_WEB';
  consentDate: string;
}

/** One C1 body / C3 item: an individual's ONAY for messages, collected on the provider's web site. */
export function consentBody(index: number, consentDate: string): ConsentBody {
  return { recipient: phone(index), recipientType: 'BIREYSEL', type: 'MESAJ', status: 'ONAY', source: 'HS_WEB', consentDate };
}

/** The C3 body of batch `batch` (0-based) of `size` items starting at phone index `from`. */
export function batchBody(from: number, batch: number, size: number, total: number, consentDate: string): ConsentBody[] {
  const start = from + batch * size;
  const end = Math.min(from + total, start + size);
  const items: ConsentBody[] = [];
  for (let i = start; i < end; i++) items.push(consentBody(i, consentDate));
  return items;
}

// ------------------------------------------------------------------------------------------------
// Latency statistics

export interface LatencySummary {
  count: number;
  meanMs: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** Nearest-rank percentile of sorted values (p in 0..100). */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

const r2 = (v: number) => Math.round(v * 100) / 100;

export function summarise(values: ArrayLike<number>): LatencySummary {
  const sorted = Float64Array.from(values).sort();
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    count: sorted.length,
    meanMs: sorted.length ? r2(sum / sorted.length) : Number.NaN,
    p50Ms: r2(percentile(sorted, 50)),
    p90Ms: r2(percentile(sorted, 90)),
    p99Ms: r2(percentile(sorted, 99)),
    maxMs: sorted.length ? r2(sorted[sorted.length - 1]) : Number.NaN,
  };
}

/** Milliseconds since the epoch with sub-millisecond precision, comparable across worker threads. */
export function epochMs(): number {
  return performance.timeOrigin + performance.now();
}

// ------------------------------------------------------------------------------------------------
// COPY baseline rows

/** consent.current_consent's columns, in the order the COPY baseline writes them. */
export const CURRENT_CONSENT_COLUMNS =
  'brand_code, type, recipient_type, recipient_id, iys_code, status, consent_date, source, recipient, retailer_code, retailer_access, creation_date, transaction_id, stream_position';

/** The random parts of one current-consent row, made before any timer starts. */
export interface CopyRow {
  recipientId: string;
  transactionId: string;
  /** The sealed recipient as JSON: AES-GCM of a 13-byte E.164 phone under the subject's key. */
  envelope: string;
}

export function makeCopyRows(count: number): CopyRow[] {
  const rows = new Array<CopyRow>(count);
  for (let i = 0; i < count; i++) {
    const recipientId = randomUUID();
    rows[i] = {
      recipientId,
      transactionId: randomUUID(),
      envelope: JSON.stringify({
        $enc: 'v1',
        kid: recipientId,
        iv: randomBytes(12).toString('base64'),
        ct: randomBytes(13).toString('base64'),
        tag: randomBytes(16).toString('base64'),
      }),
    };
  }
  return rows;
}

/** One consent.current_consent row in COPY text format, as the inline projection writes it for a new ONAY. */
export function currentConsentCopyLine(row: CopyRow, brandCode: number, iysCode: number, consentDate: string, creationDate: string): string {
  return (
    `${brandCode}\tMESAJ\tBIREYSEL\t${row.recipientId}\t${iysCode}\tONAY\t${consentDate}\tHS_WEB\t${copyTextField(row.envelope)}\t` +
    `\\N\t{}\t${creationDate}\t${row.transactionId}\t1\n`
  );
}
