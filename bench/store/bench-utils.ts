import { readdirSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type pg from 'pg';

export interface Measurement {
  workload: string;
  events: number;
  seconds: number;
  eventsPerSecond: number;
}

export function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

export function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export function measurement(workload: string, events: number, ms: number): Measurement {
  const seconds = ms / 1000;
  return { workload, events, seconds: round(seconds, 3), eventsPerSecond: Math.round(events / seconds) };
}

export function log(line = ''): void {
  process.stdout.write(`${line}\n`);
}

export function formatRate(n: number): string {
  return n.toLocaleString('en-US');
}

export function pad(text: string, width: number, right = false): string {
  return right ? text.padStart(width) : text.padEnd(width);
}

/**
 * Runs `rounds` rounds; each round's input is made outside the timer, so only the store's work is
 * timed. Returns the summed time of the rounds in ms.
 */
export async function timedRounds<T>(rounds: number, make: (round: number) => T, run: (input: T) => Promise<void>): Promise<number> {
  let total = 0;
  for (let r = 0; r < rounds; r++) {
    const input = make(r);
    const started = performance.now();
    await run(input);
    total += performance.now() - started;
  }
  return total;
}

/** `concurrency` workers draining `items` in order, each awaiting its own call. */
export async function runConcurrently<T>(items: T[], concurrency: number, work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++];
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

/** Splits `total` into rounds of at most `size`. */
export function roundSizes(total: number, size: number): number[] {
  const sizes: number[] = [];
  for (let left = total; left > 0; left -= size) sizes.push(Math.min(size, left));
  return sizes;
}

export async function serverSettings(executor: pg.Pool | pg.Client): Promise<Record<string, string>> {
  const { rows } = await executor.query<{ name: string; setting: string }>(
    `SELECT name, setting FROM pg_settings
      WHERE name IN ('server_version', 'fsync', 'synchronous_commit', 'full_page_writes', 'shared_buffers', 'wal_level', 'max_wal_size')`,
  );
  return Object.fromEntries(rows.map((r) => [r.name, r.setting]));
}

/**
 * CPU time (µs) of the PostgreSQL server serving `pool`: its postmaster and every child (backends,
 * WAL writer, checkpointer…), read from /proc. Only for a server on this machine (the embedded one);
 * undefined otherwise.
 */
export async function serverCpuClock(pool: pg.Pool): Promise<(() => number) | undefined> {
  if (process.env.DATABASE_URL) return undefined;
  try {
    const { rows } = await pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    const fields = (pid: string | number) => readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    const postmaster = fields(rows[0].pid)[1];
    const tick = 1e6 / 100; // USER_HZ
    return () => {
      let ticks = 0;
      for (const pid of readdirSync('/proc')) {
        if (!/^\d+$/.test(pid)) continue;
        try {
          const f = fields(pid);
          if (pid === postmaster || f[1] === postmaster) ticks += Number(f[11]) + Number(f[12]);
        } catch {
          // gone meanwhile
        }
      }
      return ticks * tick;
    };
  } catch {
    return undefined;
  }
}
