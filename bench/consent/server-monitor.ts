import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import type pg from 'pg';

/** How the server side fared while a workload ran: is it the event loop, the pool or the machine? */
export interface ServerSide {
  /** Share of the API's event loop spent running JavaScript (1 = saturated). */
  eventLoopUtilization: number;
  eventLoopDelayP99Ms: number;
  /** Requests waiting for one of the API pool's connections, sampled every 50 ms. */
  poolWaitingMean: number;
  poolWaitingMax: number;
  /** Busy share of all the machine's CPUs (every process, ours or not). */
  machineCpuBusy: number;
  /**
   * CPU time the API's thread (this process's main thread, which also runs the daemons and the batch
   * worker; the load runs in worker threads) used during the workload, from /proc (10 ms ticks):
   * unlike wall-clock figures it does not grow when other processes take the cores.
   */
  apiThreadCpuMs: number;
  /** apiThreadCpuMs per recipient answered (warm-up included), in µs; set by the caller. */
  apiCpuUsPerUnit?: number;
}

/**
 * CPU seconds (user + system) used so far by a process and every descendant still running, from
 * /proc (Linux): the API's own CPU, which contention on a shared machine does not inflate as it does
 * wall time. Undefined where /proc is not there.
 */
export function treeCpuSeconds(pid: number): number | undefined {
  try {
    const ticks = (p: number): number => {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      let own = Number(fields[11]) + Number(fields[12]);
      for (const task of readdirSync(`/proc/${p}/task`)) {
        for (const child of readFileSync(`/proc/${p}/task/${task}/children`, 'utf8').split(' ').filter(Boolean)) own += ticks(Number(child));
      }
      return own;
    };
    return ticks(pid) / 100; // USER_HZ
  } catch {
    return undefined;
  }
}

/** This process's main thread's user + system CPU time in ms (Linux; NaN elsewhere). */
function mainThreadCpuMs(): number {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

function cpuTimes(): { idle: number; total: number } {
  let idle = 0;
  let total = 0;
  for (const cpu of os.cpus()) {
    idle += cpu.times.idle;
    total += cpu.times.idle + cpu.times.user + cpu.times.nice + cpu.times.sys + cpu.times.irq;
  }
  return { idle, total };
}

/**
 * With BENCH_CPU_PROFILE_DIR set, the API thread's CPU profile of each workload is written there as
 * `<name>.cpuprofile` (inspector sampling, 1 ms; it slows the server a little, so figures of such a
 * run are for explaining, not for quoting). Summarise with cpu-profile-summary.js.
 */
async function profiled<T>(name: string | undefined, work: () => Promise<T>): Promise<T> {
  const dir = process.env.BENCH_CPU_PROFILE_DIR;
  if (!dir || !name) return work();
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 1000 });
    await session.post('Profiler.start');
    const result = await work();
    const { profile } = await session.post('Profiler.stop');
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, `${name.replace(/[^A-Za-z0-9._-]+/g, '-')}.cpuprofile`), JSON.stringify(profile));
    return result;
  } finally {
    session.disconnect();
  }
}

/**
 * Runs `work` while watching the main thread's event loop, `pool` and the machine's CPUs. For an API
 * in a process tree of its own (`{ pid }`), only the machine's CPUs and the tree's CPU time are seen:
 * event loop and pool figures are NaN (null in JSON), and apiThreadCpuMs is the whole tree's.
 */
export async function observeServer<T>(target: pg.Pool | { pid: number }, work: () => Promise<T>, profileName?: string): Promise<{ result: T; server: ServerSide }> {
  const pool = 'pid' in target ? undefined : target;
  const apiCpuMs = 'pid' in target ? () => (treeCpuSeconds(target.pid) ?? Number.NaN) * 1000 : mainThreadCpuMs;
  const elu = performance.eventLoopUtilization();
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const cpu = cpuTimes();
  const threadCpu = apiCpuMs();
  const waiting: number[] = [];
  const sampler = setInterval(() => pool && waiting.push(pool.waitingCount), 50);
  try {
    const result = await profiled(profileName, work);
    const used = performance.eventLoopUtilization(elu);
    const cpuAfter = cpuTimes();
    const r = (v: number, d = 2) => Math.round(v * 10 ** d) / 10 ** d;
    return {
      result,
      server: {
        eventLoopUtilization: pool ? r(used.utilization, 3) : Number.NaN,
        eventLoopDelayP99Ms: pool ? r(delay.percentile(99) / 1e6) : Number.NaN,
        poolWaitingMean: pool ? r(waiting.reduce((a, b) => a + b, 0) / Math.max(1, waiting.length), 1) : Number.NaN,
        poolWaitingMax: pool ? Math.max(0, ...waiting) : Number.NaN,
        machineCpuBusy: r(1 - (cpuAfter.idle - cpu.idle) / Math.max(1, cpuAfter.total - cpu.total), 3),
        apiThreadCpuMs: apiCpuMs() - threadCpu,
      },
    };
  } finally {
    clearInterval(sampler);
    delay.disable();
  }
}
