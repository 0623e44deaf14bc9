import { describe, expect, it } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { ScheduledRuns } from './scheduled-runs.js';

const quiet = { error: () => undefined } as unknown as Logger;

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe('ScheduledRuns', () => {
  it('runs one run per job at a time: a tick that finds one running joins it', async () => {
    const runs = new ScheduledRuns(quiet, true);
    const { opened, open } = gate();
    let started = 0;
    const work = async () => {
      started++;
      await opened;
      return started;
    };
    const first = runs.run('job', work);
    const second = runs.run('job', work);
    open();
    expect(await Promise.all([first, second])).toEqual([1, 1]);
    expect(await runs.run('job', work)).toBe(2);
  });

  it('runs nothing where background work does not run, or once stopping; stop waits for the run in flight', async () => {
    expect(await new ScheduledRuns(quiet, false).run('job', async () => 1)).toBeUndefined();
    const runs = new ScheduledRuns(quiet, true);
    const { opened, open } = gate();
    let finished = false;
    void runs.run('job', async () => {
      await opened;
      finished = true;
    });
    const stopped = runs.stop().then(() => finished);
    expect(await runs.run('other', async () => 1)).toBeUndefined();
    open();
    expect(await stopped).toBe(true);
  });

  it('answers undefined for a failed run and lets the next tick retry', async () => {
    const runs = new ScheduledRuns(quiet, true);
    expect(await runs.run('job', async () => Promise.reject(new Error('down')))).toBeUndefined();
    expect(await runs.run('job', async () => 2)).toBe(2);
  });
});
