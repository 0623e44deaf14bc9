import { describe, expect, it } from '@jest/globals';
import { InOrder, WorkerPool } from './worker-pool.js';

describe('WorkerPool and InOrder', () => {
  it('runs the script on worker threads, transfers buffers, and rejects with the thrown error', async () => {
    const pool = new WorkerPool<{ bytes: Uint8Array; fail?: boolean }, number>(
      `function handle({ bytes, fail }, workerData) { if (fail) { const e = new Error('bad batch'); e.name = 'BatchError'; throw e; } return { output: bytes.reduce((a, b) => a + b, 0) * workerData.factor }; }`,
      2,
      { workerData: { factor: 10 } },
    );
    try {
      const bytes = new Uint8Array([1, 2, 3]);
      const sum = pool.run({ bytes }, [bytes.buffer as ArrayBuffer]);
      expect(bytes.byteLength).toBe(0); // handed over, not copied
      expect(await sum).toBe(60);
      await expect(pool.run({ bytes: new Uint8Array(1), fail: true })).rejects.toMatchObject({ name: 'BatchError', message: 'bad batch' });
      expect(await Promise.all([1, 2, 3, 4].map((n) => pool.run({ bytes: new Uint8Array([n]) })))).toEqual([10, 20, 30, 40]);
    } finally {
      await pool.close();
    }
  });

  it('rejects the waiting work and every later run once a worker ends or runs out of memory, and says it is broken', async () => {
    const exiting = new WorkerPool<number, number>(`function handle(n) { if (n === 0) process.exit(3); return { output: n }; }`, 1);
    try {
      expect(await exiting.run(1)).toBe(1);
      expect(exiting.broken).toBe(false);
      await expect(exiting.run(0)).rejects.toThrow('exited (code 3)');
      expect(exiting.broken).toBe(true);
      await expect(exiting.run(2)).rejects.toThrow('exited');
    } finally {
      await exiting.close();
    }
    const small = new WorkerPool<number, number>(
      `function handle(n) { const kept = []; for (let i = 0; i < n; i++) kept.push(new Array(1000).fill(i)); return { output: kept.length }; }`,
      1,
      { resourceLimits: { maxOldGenerationSizeMb: 8, maxYoungGenerationSizeMb: 2 } },
    );
    try {
      expect(await small.run(10)).toBe(10);
      await expect(small.run(1_000_000)).rejects.toMatchObject({ code: 'ERR_WORKER_OUT_OF_MEMORY' });
      expect(small.broken).toBe(true);
    } finally {
      await small.close();
    }
  });

  it('takes results in the order the work started, with at most `limit` outstanding', async () => {
    const taken: number[] = [];
    const order = new InOrder<number>(2, (n) => taken.push(n));
    const resolvers: ((n: number) => void)[] = [];
    const later = () => new Promise<number>((resolve) => resolvers.push(resolve));
    await order.push(later());
    await order.push(later());
    let third = false;
    const pushing = order.push(later()).then(() => (third = true));
    resolvers[1](2); // finished out of order: not taken before the first
    await Promise.resolve();
    expect(taken).toEqual([]);
    expect(third).toBe(false); // the window is full: the producer waits
    resolvers[0](1);
    await pushing;
    expect(taken).toEqual([1]);
    resolvers[2](3);
    await order.drain();
    expect(taken).toEqual([1, 2, 3]);
  });
});
