/**
 * What a rate limit shared by the API processes of a machine costs (docs/adr/0058): a token taken from
 * the bucket in this process's memory (the lone process: development, ADR 0012's limiter) against one
 * taken from the bucket the primary holds, over the IPC channel node:cluster opens (`ProcessGroup`),
 * one call at a time and BENCH_IN_FLIGHT (32) at a time (what concurrent requests of one API process
 * do). Prints the figures, then one JSON line. A measurement: exits 0 whatever the figures.
 */
import cluster from 'node:cluster';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { ProcessGroup, ProcessSupervisor, RateLimiter } from '@iys/platform/nest';
import { envInt, log, round } from '../store/bench-utils.js';

const TAKES = envInt('BENCH_TAKES', 20_000);
const IN_FLIGHT = envInt('BENCH_IN_FLIGHT', 32);

async function member(): Promise<void> {
  const group = ProcessGroup.forThisProcess();
  if (group.role === 'background') return group.ready();
  const shared = group.rateLimiter('bench', 1_000_000_000, 1000);
  const local = new RateLimiter(1_000_000_000, 1000);
  for (let i = 0; i < 2000; i++) await shared.tryTake(`user-${i % 100}`); // warm-up
  let start = performance.now();
  for (let i = 0; i < TAKES; i++) local.tryTake(`user-${i % 100}`);
  const localUs = ((performance.now() - start) * 1000) / TAKES;
  start = performance.now();
  for (let i = 0; i < TAKES; i++) await shared.tryTake(`user-${i % 100}`);
  const sequentialUs = ((performance.now() - start) * 1000) / TAKES;
  const cpuBefore = process.cpuUsage();
  start = performance.now();
  for (let i = 0; i < TAKES; i += IN_FLIGHT) await Promise.all(Array.from({ length: IN_FLIGHT }, (_, k) => shared.tryTake(`user-${(i + k) % 100}`)));
  const concurrentUs = ((performance.now() - start) * 1000) / TAKES;
  const cpu = process.cpuUsage(cpuBefore);
  const memberCpuUs = (cpu.user + cpu.system) / TAKES;
  process.send!({ bench: { localUs, sequentialUs, concurrentUs, memberCpuUs } });
  group.ready();
}

async function primary(): Promise<void> {
  const loadBefore = os.loadavg().map((l) => round(l, 2));
  const self = fileURLToPath(import.meta.url);
  const figures = new Promise<Record<string, number>>((resolve) =>
    cluster.on('message', (_worker, message: { bench?: Record<string, number> }) => message.bench && resolve(message.bench)),
  );
  const cpuBefore = process.cpuUsage();
  const supervisor = new ProcessSupervisor({ apiProcesses: 1, apiEntry: self, backgroundEntry: self, env: {}, logger: pino({ level: 'warn' }), onGiveUp: () => process.exit(1) });
  await supervisor.start();
  const measured = await figures;
  const primaryCpu = process.cpuUsage(cpuBefore);
  await supervisor.stop();
  const result = {
    takes: TAKES,
    inFlight: IN_FLIGHT,
    localMicrosPerTake: round(measured.localUs!, 3),
    sharedMicrosPerTakeSequential: round(measured.sequentialUs!, 1),
    sharedMicrosPerTakeConcurrent: round(measured.concurrentUs!, 1),
    memberCpuMicrosPerTake: round(measured.memberCpuUs!, 1),
    // The primary's CPU over the whole run (start-up included) spread over every shared take: an upper bound.
    primaryCpuMicrosPerTake: round((primaryCpu.user + primaryCpu.system) / (TAKES * 2 + 2000), 1),
    loadBefore,
    loadAfter: os.loadavg().map((l) => round(l, 2)),
  };
  log(`rate-limit token, local: ${result.localMicrosPerTake} µs`);
  log(`shared through the primary: ${result.sharedMicrosPerTakeSequential} µs one at a time, ${result.sharedMicrosPerTakeConcurrent} µs each with ${IN_FLIGHT} in flight`);
  log(`CPU per shared take: ${result.memberCpuMicrosPerTake} µs in the API process, ≤ ${result.primaryCpuMicrosPerTake} µs in the primary`);
  log(`load average before ${loadBefore.join(' ')}, after ${result.loadAfter.join(' ')} (${os.availableParallelism()} cores)`);
  log(JSON.stringify(result));
}

(cluster.isWorker ? member() : primary()).catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
