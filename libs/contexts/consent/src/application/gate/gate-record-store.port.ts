import type { ConsentType } from '../../domain/consent.events.js';

/** One counter increment: per operator, Istanbul day, brand (0: none), decision and reason. */
export interface GateCounterRow {
  operatorCode: number;
  day: string;
  brandCode: number;
  iysCode: number;
  decision: string;
  reason: string;
  count: number;
}

/** One DENY of the log (docs/adr/0033): the recipient as an opaque id only. */
export interface GateDenialRow {
  operatorCode: number;
  checkedAt: Date;
  deliveryAt: Date;
  iysCode: number | null;
  brandCode: number | null;
  type: ConsentType;
  recipientId: string | null;
  reason: string;
}

/** A counter as read back. */
export interface GateCounter {
  operatorCode: number;
  brandCode: number | null;
  decision: string;
  reason: string;
  count: number;
}

/** Where the gate keeps its counters and DENY log, and prunes what it keeps. Implemented in infrastructure. */
export interface GateRecordStore {
  /** Adds the counters and inserts the DENY rows, one statement. */
  write(counters: readonly GateCounterRow[], denials: readonly GateDenialRow[]): Promise<void>;
  /** Drops DENY rows checked before `before`; how many went. */
  pruneDenials(before: Date): Promise<number>;
  /** Drops scrub jobs expired at `now` with their chunks, and chunks staged before `stagedBefore` for a job never recorded. */
  pruneScrubJobs(now: Date, stagedBefore: Date): Promise<number>;
  /** A day's counters of one operator or one brand (both when given). */
  counters(day: string, filter: { operatorCode?: number; brandCode?: number }): Promise<GateCounter[]>;
}

export const GATE_RECORD_STORE = Symbol('GATE_RECORD_STORE');
