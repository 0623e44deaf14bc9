import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { istanbulDay, type Clock } from '@iys/platform/building-blocks';
import { CLOCK, PROCESS_GROUP, ProcessGroup } from '@iys/platform/nest';
import type { ConsentType } from '../../domain/consent.events.js';
import { DELIVERY_REASON_CODES } from '../../domain/delivery-gate.js';
import type { CheckedDelivery } from './delivery-checker.js';
import { GATE_RECORD_STORE, type GateCounter, type GateCounterRow, type GateDenialRow, type GateRecordStore } from './gate-record-store.port.js';

export type { GateCounter } from './gate-record-store.port.js';

/** Asks every API process of the machine to write its buffered gate records now (docs/adr/0058). */
const FLUSH_EVENT = 'consent.gate-records.flush';

/** How often the buffered counters and DENY rows are written (docs/adr/0041). */
export const GATE_RECORDS_FLUSH_MS = 1000;

const REASON_INDEX = new Map<string, number>(DELIVERY_REASON_CODES.map((reason, index) => [reason, index]));
const REASONS = DELIVERY_REASON_CODES.length;

/**
 * Adds one call's answers to `counts` (keyed by operator, day, brand, decision and reason). Tallied
 * first per brand and reason under a number (the decision follows from the reason), so the per-answer
 * work is one map step; the keyed rows are touched once per distinct brand and reason.
 */
function countInto(counts: Map<string, GateCounterRow>, operatorCode: number, day: string, results: readonly CheckedDelivery[]): void {
  const tally = new Map<number, { result: CheckedDelivery; n: number }>();
  for (const result of results) {
    const key = (result.brandCode ?? 0) * REASONS + REASON_INDEX.get(result.reason)!;
    const seen = tally.get(key);
    if (seen) seen.n += 1;
    else tally.set(key, { result, n: 1 });
  }
  for (const { result, n } of tally.values()) {
    const brandCode = result.brandCode ?? 0;
    const key = `${operatorCode}|${day}|${brandCode}|${result.decision}|${result.reason}`;
    const counter = counts.get(key);
    if (counter) counter.count += n;
    else counts.set(key, { operatorCode, day, brandCode, iysCode: result.iysCode ?? 0, decision: result.decision, reason: result.reason, count: n });
  }
}

/**
 * What the gate keeps of its answers (docs/adr/0033): a counter per operator, brand, day, decision
 * and reason, and one row per DENY (opaque recipient id only) for a configurable period. ALLOWs are
 * only counted: one row per allowed message would be most of the country's commercial traffic.
 *
 * Live checks are buffered in memory and written in one statement at most every second and on
 * shutdown (docs/adr/0041): the check answers without a write of its own. A crash loses at most the
 * last second's counts and DENY rows, never an answer. Scrub jobs count exactly once, in the
 * transaction that stores a chunk's result (`countChunk`).
 */
@Injectable()
export class GateRecords implements OnApplicationShutdown {
  private readonly logger = new Logger('operator-gate');
  private counts = new Map<string, GateCounterRow>();
  private denials: GateDenialRow[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    @Inject(GATE_RECORD_STORE) private readonly store: GateRecordStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(PROCESS_GROUP) private readonly group: ProcessGroup = new ProcessGroup(),
  ) {
    // Another API process of the machine reads counters: this one's buffer goes first (docs/adr/0058).
    group.on(FLUSH_EVENT, () => this.flush());
  }

  /** Buffers one call's counters and DENY rows; written by the next flush. */
  record(operatorCode: number, types: readonly ConsentType[], results: readonly CheckedDelivery[]): void {
    if (results.length === 0) return;
    const now = this.clock.now();
    countInto(this.counts, operatorCode, istanbulDay(now), results);
    results.forEach((result, i) => {
      if (result.decision !== 'DENY') return;
      this.denials.push({ operatorCode, checkedAt: now, deliveryAt: result.at, iysCode: result.iysCode, brandCode: result.brandCode, type: types[i]!, recipientId: result.recipientId, reason: result.reason });
    });
    this.timer ??= setInterval(() => void this.flush().catch(() => undefined), GATE_RECORDS_FLUSH_MS).unref();
  }

  /**
   * Writes what is buffered, one statement. On failure (database away) the rows go back into the
   * buffer for the next flush. Flushes run one at a time.
   */
  flush(): Promise<void> {
    const run = this.flushing.then(async () => {
      if (this.counts.size === 0 && this.denials.length === 0) return;
      const [counts, denials] = [this.counts, this.denials];
      this.counts = new Map();
      this.denials = [];
      try {
        await this.store.write([...counts.values()], denials);
      } catch (error) {
        for (const [key, row] of counts) {
          const kept = this.counts.get(key);
          if (kept) kept.count += row.count;
          else this.counts.set(key, row);
        }
        this.denials = denials.concat(this.denials);
        const { name, code } = error as { name?: string; code?: string };
        this.logger.warn({ err: { name, code }, denials: this.denials.length }, 'gate records not written; kept for the next flush');
        throw error;
      }
    });
    this.flushing = run.catch(() => undefined);
    return run;
  }

  /** The last flush, after the HTTP server has stopped taking checks. */
  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.flush().catch(() => undefined);
  }

  /** A scrub chunk's counters, for the transaction that stores the chunk's result. */
  chunkCounters(operatorCode: number, results: readonly CheckedDelivery[]): GateCounterRow[] {
    const counts = new Map<string, GateCounterRow>();
    countInto(counts, operatorCode, istanbulDay(this.clock.now()), results);
    return [...counts.values()];
  }

  /** Drops DENY rows older than the retention period; returns how many went. */
  pruneDenials(retentionDays: number): Promise<number> {
    return this.store.pruneDenials(new Date(this.clock.now().getTime() - retentionDays * 86_400_000));
  }

  /**
   * Drops scrub jobs past their retention with their sealed chunks, and chunks staged for a job whose
   * submission never completed (older than a day, so never a submission in progress).
   */
  pruneScrubJobs(): Promise<number> {
    const now = this.clock.now();
    return this.store.pruneScrubJobs(now, new Date(now.getTime() - 86_400_000));
  }

  /** A day's counters of one operator or one brand (both when given). */
  async counters(day: string, filter: { operatorCode?: number; brandCode?: number }): Promise<GateCounter[]> {
    // This process's last second included, and every other API process's of the machine (ADR 0058).
    await Promise.all([this.flush(), this.group.broadcast({ kind: FLUSH_EVENT })]);
    return this.store.counters(day, filter);
  }
}
